package com.compozy.monitoring.export.prometheus;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.exporter.servlet.jakarta.HttpExchangeAdapter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves a registry through client_java's {@link PrometheusScrapeHandler} (format negotiation
 * including protobuf, gzip, {@code name[]} filtering) and its Jakarta servlet adapter. The registry
 * is asked for at the first scrape, because a servlet container may construct the servlet before
 * the service exists; until there is one the answer is 503.
 *
 * <pre>{@code
 * context.addServlet("metrics", new PrometheusScrapeServlet(service::prometheusRegistry))
 *     .addMapping("/metrics");
 * }</pre>
 *
 * <p>Only {@code GET} and {@code HEAD} are answered (405 otherwise, {@code TRACE} included, which
 * {@link HttpServlet} would echo). With a bearer token every request must carry
 * {@code Authorization: Bearer <token>}, or gets 401.
 */
public final class PrometheusScrapeServlet extends HttpServlet {
  static final String NOT_INITIALIZED = "Monitoring service not initialized";
  static final String ALLOW = "GET, HEAD";
  /** The {@code debug} values client_java's handler knows; it would echo any other with a 500. */
  static final Set<String> DEBUG_FORMATS = Set.of("text", "openmetrics", "prometheus-protobuf");
  private static final long serialVersionUID = 1L;

  private final transient Supplier<Optional<PrometheusRegistry>> registry;
  private final transient BearerToken token;
  private transient volatile PrometheusScrapeHandler handler;

  /** An open endpoint. */
  public PrometheusScrapeServlet(Supplier<Optional<PrometheusRegistry>> registry) {
    this(registry, null);
  }

  /**
   * @param bearerToken the token every scrape must present; {@code null} or blank for an open
   *     endpoint
   */
  public PrometheusScrapeServlet(Supplier<Optional<PrometheusRegistry>> registry, String bearerToken) {
    this.registry = registry;
    this.token = bearerToken == null || bearerToken.isBlank() ? null : new BearerToken(bearerToken);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", ALLOW);
      plain(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method not allowed; use GET or HEAD");
      return;
    }
    if (token != null && !token.admits(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
      plain(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String debug = request.getParameter("debug");
    if (debug != null && !DEBUG_FORMATS.contains(debug)) {
      plain(response, HttpServletResponse.SC_BAD_REQUEST,
          "Unsupported debug value; valid values are text, openmetrics and prometheus-protobuf");
      return;
    }
    PrometheusScrapeHandler scrape = handler();
    if (scrape == null) {
      plain(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, NOT_INITIALIZED);
      return;
    }
    scrape.handleRequest(new HttpExchangeAdapter(request, response));
  }

  private static void plain(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
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
