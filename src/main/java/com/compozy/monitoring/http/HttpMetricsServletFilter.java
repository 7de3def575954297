package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.metrics.Meter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Measures each JAX-RS request of a servlet application: the HTTP metrics' servlet half.
 *
 * <pre>{@code
 * // in a ServletContainerInitializer; CDI may not be up yet, so the service is asked for lazily
 * FilterRegistration.Dynamic filter = context.addFilter("compozy-monitoring-http",
 *     new HttpMetricsServletFilter(config, () -> Optional.of(monitoring)));
 * filter.setAsyncSupported(true);
 * filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>It opens and closes each request's measurement (an {@code HttpExchange}). Seeing the request from the servlet
 * side gives what JAX-RS filters cannot: the bytes actually read and written, the status after an
 * unmapped exception, and the end of an asynchronous response. {@link HttpMetricsFilter} labels the
 * exchange with its route; a request JAX-RS did not handle is not counted. The service is asked for
 * once, at {@link #init} or the first request; if it is absent or not initialized, requests pass
 * through unmeasured. The filter never throws into a request.
 */
public final class HttpMetricsServletFilter implements Filter {
  private static final ThrottledLog LOG = new ThrottledLog(HttpMetricsServletFilter.class);

  private final Exclusions exclusions;
  private final Supplier<Optional<Meter>> meter;
  private volatile HttpMetrics metrics;
  private volatile boolean resolved;

  /**
   * @param config its {@link MonitoringConfig#httpExclude()} says which requests not to measure
   * @param service the application's service; asked once, lazily
   */
  public HttpMetricsServletFilter(MonitoringConfig config, Supplier<Optional<MonitoringService>> service) {
    this(new Exclusions(config.httpExclude()), meterOf(Objects.requireNonNull(service, "service")));
  }

  /** Records on {@code meter}'s instruments; the tests' way to hand in a broken meter. */
  HttpMetricsServletFilter(Exclusions exclusions, Supplier<Optional<Meter>> meter) {
    this.exclusions = exclusions;
    this.meter = meter;
  }

  private static Supplier<Optional<Meter>> meterOf(Supplier<Optional<MonitoringService>> service) {
    return () -> service.get().filter(MonitoringService::isInitialized).map(MonitoringService::meter);
  }

  @Override
  public void init(FilterConfig config) {
    metrics();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpMetrics active = metrics();
    if (active == null
        || !(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)
        || request.getAttribute(HttpExchange.ATTRIBUTE) != null
        || (!exclusions.isEmpty() && exclusions.excludesPath(pathOf(request)))) {
      chain.doFilter(req, res);
      return;
    }
    HttpExchange exchange = HttpExchange.open(active, request, response);
    request.setAttribute(HttpExchange.ATTRIBUTE, exchange);
    boolean failed = true;
    try {
      chain.doFilter(exchange.request(), exchange.response());
      failed = false;
    } finally {
      end(exchange, request, response, failed);
    }
  }

  private static void end(HttpExchange exchange, HttpServletRequest request, HttpServletResponse response,
      boolean failed) {
    try {
      if (!failed && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(exchange);
      } else {
        // an exception escaping to the container becomes a 500 unless a response was already sent
        exchange.end(failed && !response.isCommitted() ? 500 : response.getStatus());
      }
    } catch (RuntimeException e) {
      LOG.warn("Failed to record HTTP metrics", e);
    }
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null ? request.getServletPath() : request.getServletPath() + info;
  }

  private HttpMetrics metrics() {
    if (!resolved) {
      synchronized (this) {
        if (!resolved) {
          try {
            metrics = meter.get().map(m -> new HttpMetrics(m, exclusions)).orElse(null);
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("Failed to set up HTTP metrics; requests pass through unmeasured", e);
          }
          resolved = true;
        }
      }
    }
    return metrics;
  }
}
