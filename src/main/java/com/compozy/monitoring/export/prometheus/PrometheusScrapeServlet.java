package com.compozy.monitoring.export.prometheus;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.exporter.servlet.jakarta.HttpExchangeAdapter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves a registry through client_java's {@link PrometheusScrapeHandler} (format negotiation,
 * gzip, {@code name[]} filtering) and its Jakarta servlet adapter. The registry is asked for at
 * the first scrape, because a servlet container may construct the servlet before the service
 * exists; until there is one the answer is 503.
 *
 * <pre>{@code
 * context.addServlet("metrics", new PrometheusScrapeServlet(service::prometheusRegistry))
 *     .addMapping("/metrics");
 * }</pre>
 */
public final class PrometheusScrapeServlet extends HttpServlet {
  static final String NOT_INITIALIZED = "Monitoring service not initialized";
  private static final long serialVersionUID = 1L;

  private final transient Supplier<Optional<PrometheusRegistry>> registry;
  private transient volatile PrometheusScrapeHandler handler;

  public PrometheusScrapeServlet(Supplier<Optional<PrometheusRegistry>> registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    PrometheusScrapeHandler scrape = handler();
    if (scrape == null) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setContentType("text/plain; charset=utf-8");
      response.getOutputStream().write(NOT_INITIALIZED.getBytes(StandardCharsets.UTF_8));
      return;
    }
    scrape.handleRequest(new HttpExchangeAdapter(request, response));
  }

  private PrometheusScrapeHandler handler() {
    PrometheusScrapeHandler current = handler;
    if (current == null) {
      Optional<PrometheusRegistry> found = registry.get();
      if (found.isPresent()) {
        current = new PrometheusScrapeHandler(PrometheusProperties.get(), new SharedScrapeRegistry(found.get()));
        handler = current;
      }
    }
    return current;
  }
}
