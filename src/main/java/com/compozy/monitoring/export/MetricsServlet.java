package com.compozy.monitoring.export;

import com.compozy.monitoring.service.MonitoringLookup;
import com.compozy.monitoring.service.MonitoringService;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves the service's registry through client_java's {@link PrometheusScrapeHandler}, which does
 * format negotiation (text, OpenMetrics), gzip and {@code name[]} filtering.
 */
final class MetricsServlet extends HttpServlet {
  static final String NOT_INITIALIZED = "Monitoring service not initialized";
  private static final long serialVersionUID = 1L;

  private transient volatile PrometheusScrapeHandler handler;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    PrometheusScrapeHandler scrape = handler();
    if (scrape == null) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setContentType("text/plain; charset=utf-8");
      response.getOutputStream().write(NOT_INITIALIZED.getBytes(StandardCharsets.UTF_8));
      return;
    }
    scrape.handleRequest(new ServletExchange(request, response));
  }

  private PrometheusScrapeHandler handler() {
    PrometheusScrapeHandler current = handler;
    if (current == null) {
      Optional<PrometheusRegistry> registry =
          MonitoringLookup.current().flatMap(MonitoringService::prometheusRegistry);
      if (registry.isPresent()) {
        current = new PrometheusScrapeHandler(PrometheusProperties.get(), registry.get());
        handler = current;
      }
    }
    return current;
  }

}
