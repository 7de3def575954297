package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.config.MonitoringConfig.HttpConventions;
import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * at {@link #init} or the first request; a service that is disabled or degraded is final (requests
 * pass through unmeasured), while a lookup that fails (CDI not up yet) is retried at a request at
 * most once a second, requests passing through unmeasured meanwhile. The filter never throws into a
 * request: an unexpected failure, {@link LinkageError}s included, switches the HTTP metrics off.
 *
 * <p>When the service traces (it has a tracer provider), each counted request also gets a SERVER
 * span, see {@link HttpServerSpans}.
 */
public final class HttpMetricsServletFilter implements Filter {
  private static final ThrottledLog LOG = new ThrottledLog(HttpMetricsServletFilter.class);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Exclusions exclusions;
  private final HttpConventions conventions;
  private final Supplier<Optional<Telemetry>> telemetry;
  private final LongSupplier nanoTime;
  private volatile HttpMetrics metrics;
  private volatile HttpServerSpans spans; // null: no tracing
  private volatile boolean resolved;
  private volatile long retryAt; // when unresolved, the earliest time to ask again

  /**
   * @param config its {@link MonitoringConfig#httpExclude()} says which requests not to measure
   * @param service the application's service; asked once, lazily
   */
  public HttpMetricsServletFilter(MonitoringConfig config, Supplier<Optional<MonitoringService>> service) {
    this(new Exclusions(config.httpExclude()), config.httpConventions(), System::nanoTime,
        config.httpEnabled() ? telemetryOf(Objects.requireNonNull(service, "service")) : Optional::empty);
  }

  HttpMetricsServletFilter(Exclusions exclusions, Supplier<Optional<Meter>> meter) {
    this(exclusions, HttpConventions.COMPOZY, meter, System::nanoTime);
  }

  /**
   * Records on {@code meter}'s instruments: the tests' way to hand in a broken meter and a clock.
   *
   * @param meter empty for a service that does not measure (final); throws when the lookup failed
   *     (asked again later)
   */
  HttpMetricsServletFilter(Exclusions exclusions, HttpConventions conventions, Supplier<Optional<Meter>> meter,
      LongSupplier nanoTime) {
    this(exclusions, conventions, nanoTime,
        () -> meter.get().map(m -> new Telemetry(m, OpenTelemetry.noop(), null)));
  }

  private HttpMetricsServletFilter(Exclusions exclusions, HttpConventions conventions, LongSupplier nanoTime,
      Supplier<Optional<Telemetry>> telemetry) {
    this.exclusions = exclusions;
    this.conventions = conventions;
    this.telemetry = telemetry;
    this.nanoTime = nanoTime;
    this.retryAt = nanoTime.getAsLong();
  }

  /** What the filter records into: the service's meter, and its tracer when it has a tracer provider. */
  record Telemetry(Meter meter, OpenTelemetry openTelemetry, Tracer tracer) {}

  private static Supplier<Optional<Telemetry>> telemetryOf(Supplier<Optional<MonitoringService>> service) {
    return () -> {
      MonitoringService found = service.get()
          .orElseThrow(() -> new IllegalStateException("the monitoring service is not available (yet)"));
      return found.isInitialized()
          ? Optional.of(new Telemetry(found.meter(), found.openTelemetry(), found.tracer()))
          : Optional.empty();
    };
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
        || active.isOff()
        || !(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)
        || request.getAttribute(HttpExchange.ATTRIBUTE) != null
        || (!exclusions.isEmpty() && exclusions.excludesPath(pathOf(request)))) {
      chain.doFilter(req, res);
      return;
    }
    HttpExchange exchange;
    try {
      exchange = HttpExchange.open(active, spans, request, response);
      request.setAttribute(HttpExchange.ATTRIBUTE, exchange);
    } catch (RuntimeException | LinkageError e) {
      active.switchOff(e);
      chain.doFilter(req, res);
      return;
    }
    Throwable failure = null;
    try {
      chain.doFilter(exchange.request(), exchange.response());
    } catch (Throwable e) { // rethrown as it came: only IOException, ServletException and unchecked ones
      failure = e;
      throw e;
    } finally {
      end(exchange, request, response, failure);
    }
  }

  private static void end(HttpExchange exchange, HttpServletRequest request, HttpServletResponse response,
      Throwable failure) {
    try {
      exchange.leaveContext();
      if (failure == null && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(exchange);
      } else if (failure == null) {
        exchange.end(response.getStatus());
      } else {
        // an exception escaping to the container becomes a 500 unless a response was already sent
        exchange.end(response.isCommitted() ? response.getStatus() : 500, failure);
      }
    } catch (RuntimeException | LinkageError e) {
      exchange.failed(e);
    }
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null ? request.getServletPath() : request.getServletPath() + info;
  }

  private HttpMetrics metrics() {
    if (!resolved && nanoTime.getAsLong() - retryAt >= 0) {
      resolve(); // not due: pass through without taking the lock
    }
    return metrics;
  }

  private synchronized void resolve() {
    long now = nanoTime.getAsLong();
    if (resolved || now - retryAt < 0) {
      return;
    }
    Optional<Telemetry> found;
    try {
      found = telemetry.get();
    } catch (RuntimeException | LinkageError e) {
      retryAt = now + RETRY_NANOS;
      LOG.warn("HTTP metrics not set up yet, asking again at a request in a second; until then requests "
          + "pass through unmeasured", e);
      return;
    }
    try {
      metrics = found.map(t -> new HttpMetrics(t.meter(), exclusions, conventions)).orElse(null);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Failed to set up HTTP metrics; requests pass through unmeasured", e);
    }
    try {
      spans = found.filter(t -> t.tracer() != null)
          .map(t -> HttpServerSpans.of(t.openTelemetry(), t.tracer())).orElse(null);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Failed to set up HTTP server spans; requests are not traced", e);
    }
    resolved = true;
  }
}
