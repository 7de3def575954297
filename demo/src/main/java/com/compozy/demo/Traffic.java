package com.compozy.demo;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Prints where the demo answers, and with {@code DEMO_TRAFFIC=true} sends it steady traffic through
 * its own HTTP API (so the HTTP filter sees it): workflows, some failing, lookups and 404s.
 */
@ApplicationScoped
public class Traffic {
  private static final Logger LOG = Logger.getLogger(Traffic.class.getName());
  private ScheduledExecutorService sender;

  void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    Config config = ConfigProvider.getConfig();
    String port = config.getOptionalValue("demo.http.port", String.class)
        .orElse(System.getProperty("http.port", "9080"));
    String base = "http://localhost:" + port + context.getContextPath();
    String metricsPath = config.getOptionalValue("monitoring.path", String.class).orElse("/metrics");
    LOG.info("Demo ready:\n  API      " + base + "/api/v1/workflows\n  metrics  " + base + metricsPath.trim()
        + "\n  health   http://localhost:" + port + "/health/ready\n  pause    curl -X POST " + base
        + "/api/v1/dispatcher/pause");
    if (config.getOptionalValue("demo.traffic", Boolean.class).orElse(false)) {
      startTraffic(base);
    }
  }

  private void startTraffic(String base) {
    HttpClient client = HttpClient.newHttpClient();
    Random random = new Random();
    sender = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "demo-traffic"));
    sender.scheduleAtFixedRate(() -> {
      try {
        int dice = random.nextInt(10);
        HttpRequest request = dice < 3
            ? HttpRequest.newBuilder(URI.create(base + "/api/v1/workflows" + (dice == 0 ? "?fail=true" : "")))
                .POST(HttpRequest.BodyPublishers.noBody()).build()
            : HttpRequest.newBuilder(URI.create(base + (dice == 9 ? "/api/v1/nowhere" : "/api/v1/workflows")))
                .build();
        client.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        LOG.fine("traffic request failed: " + e);
      }
    }, 1, 250, TimeUnit.MILLISECONDS);
    LOG.info("Sending steady traffic to " + base);
  }

  @PreDestroy
  void stop() {
    if (sender != null) {
      sender.shutdownNow();
    }
  }
}
