package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens and closes each request's {@link HttpExchange}. Seeing the request from the servlet side
 * gives what JAX-RS filters cannot: the bytes actually read and written, the status after an
 * unmapped exception, and the end of an asynchronous response.
 */
public final class HttpMetricsServletFilter implements Filter {
  private static final ThrottledLog LOG = new ThrottledLog(HttpMetricsServletFilter.class);

  private final Exclusions exclusions;
  private final Supplier<Optional<MonitoringService>> service;
  private volatile HttpMetrics metrics;
  private volatile boolean resolved;

  /**
   * A filter measuring every request but those {@code config} excludes, recording into the service
   * that {@code service} finds at the first request (a servlet container may construct filters
   * before the service exists).
   */
  public HttpMetricsServletFilter(MonitoringConfig config, Supplier<Optional<MonitoringService>> service) {
    this.exclusions = new Exclusions(config.httpExclude());
    this.service = service;
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
    CountingRequest countingRequest = new CountingRequest(request);
    CountingResponse countingResponse = new CountingResponse(response);
    HttpExchange exchange = new HttpExchange(active, exclusions, System.nanoTime(), request.getMethod(),
        countingRequest, countingResponse);
    request.setAttribute(HttpExchange.ATTRIBUTE, exchange);
    boolean failed = true;
    try {
      // a request without a body needs no counting wrapper: its size is its (absent) Content-Length
      chain.doFilter(mayHaveBody(request) ? countingRequest : request, countingResponse);
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

  private static boolean mayHaveBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null ? request.getServletPath() : request.getServletPath() + info;
  }

  private HttpMetrics metrics() {
    if (!resolved) {
      synchronized (this) {
        if (!resolved) {
          metrics = service.get()
              .filter(MonitoringService::isInitialized)
              .map(service -> new HttpMetrics(service.meter()))
              .orElse(null);
          resolved = true;
        }
      }
    }
    return metrics;
  }
}
