package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.export.prometheus.PrometheusScrapeServlet;
import com.compozy.monitoring.http.HttpMetricsFilter;
import com.compozy.monitoring.http.HttpMetricsServletFilter;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// README "Testing": the original's TestMonitoringIntegration, in Java (ReadmeSnippetsTest keeps them equal)
@ExtendWith(MonitoringExtension.class)
class MonitoringIntegrationTest {
  @Path("test")
  public static class TestResource {
    @GET
    public String get() {
      return "{\"status\":\"ok\"}";
    }
  }

  @Test
  void requestIsCountedInTheScrape(MonitoringService monitoring, RecordedMetrics metrics) throws Exception {
    // an embedded servlet container (Jetty) and JAX-RS runtime (Jersey) with the library's two filters
    // and its scrape servlet, wired by hand as the library's initializer does in an application server
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new HttpMetricsServletFilter(monitoring.config(), () -> Optional.of(monitoring)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new ServletContainer(
        new ResourceConfig(TestResource.class, HttpMetricsFilter.class))), "/api/*");
    context.addServlet(new ServletHolder(new PrometheusScrapeServlet(monitoring::prometheusRegistry)), "/metrics");
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setHandler(context);
    server.start();
    try {
      URI base = server.getURI();
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/test")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());

      HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, scrape.statusCode());
      assertTrue(scrape.body().contains(
          "compozy_http_requests_total{http_method=\"GET\",http_route=\"/api/test\",http_status_code=\"200\"} 1.0\n"),
          scrape.body());
      // the same count, read back without a scrape
      assertEquals(1, metrics.counter("compozy_http_requests",
          "http.method", "GET", "http.route", "/api/test", "http.status_code", "200"));
    } finally {
      server.stop();
    }
  }
}
