package com.compozy.monitoring.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's measurement, shared between the servlet filter (which sees the whole exchange, its
 * bytes and its async completion) and the JAX-RS filter (which knows the route template). Stored as
 * a request attribute, which JAX-RS exposes as a request property.
 */
final class HttpExchange implements AsyncListener {
  static final String ATTRIBUTE = HttpExchange.class.getName();

  private final HttpMetrics metrics;
  private final Exclusions exclusions;
  private final long startNanos;
  private final int method;
  private final CountingRequest request;
  private final CountingResponse response;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile HttpMetrics.Route route;
  private volatile boolean handledByJaxrs;
  private volatile boolean excluded;

  HttpExchange(HttpMetrics metrics, Exclusions exclusions, long startNanos, String method,
      CountingRequest request, CountingResponse response) {
    this.metrics = metrics;
    this.exclusions = exclusions;
    this.startNanos = startNanos;
    this.method = HttpMetrics.methodIndex(method);
    this.request = request;
    this.response = response;
  }

  /** Called once the resource method is known; a second call (a filter registered twice) is ignored. */
  void matched(String template) {
    if (route != null || excluded) {
      return;
    }
    if (!exclusions.isEmpty() && exclusions.excludesRoute(template)) {
      excluded = true;
      return;
    }
    HttpMetrics.Route matched = metrics.route(template);
    metrics.started(matched, method);
    route = matched;
  }

  boolean isMatched() {
    return route != null || excluded;
  }

  /** The servlet mapping's prefix ({@code /api} for {@code /api/*}), for when no {@code @ApplicationPath} says it. */
  String servletMappingPrefix() {
    String pattern = request.getHttpServletMapping().getPattern();
    return pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : "";
  }

  /** JAX-RS produced the response, matched or not: only such requests are counted. */
  void handledByJaxrs() {
    handledByJaxrs = true;
  }

  /** Records the exchange once, with its final status. */
  void end(int status) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    HttpMetrics.Route matched = route;
    if (matched != null) {
      metrics.ended(matched, method);
    } else if (excluded || !handledByJaxrs) {
      return;
    } else {
      matched = metrics.unmatched();
    }
    metrics.completed(matched, method, status, System.nanoTime() - startNanos, request.bodySize(),
        response.bodySize());
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end(response.getStatus());
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // the container completes the request next; onComplete records it with the final status
  }

  @Override
  public void onError(AsyncEvent event) {
    // as onTimeout
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this); // a re-started async cycle needs the listener again
  }
}
