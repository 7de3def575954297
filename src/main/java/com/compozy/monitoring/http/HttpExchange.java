package com.compozy.monitoring.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One request's measurement, shared between the servlet filter (which sees the whole exchange, its
 * bytes and its async completion) and the JAX-RS filter (which knows the route). Stored as a request
 * attribute, which JAX-RS exposes as a request property.
 *
 * <p>Per request it costs three small objects (this and the two counting wrappers; one wrapper for a
 * body-less request) and one atomic instruction, the compare-and-set that records it exactly once.
 * The route and the JAX-RS mark are written by the request thread and read at the end, possibly by
 * the container thread completing an async response: release and acquire order them without the
 * full fence a volatile write costs.
 */
final class HttpExchange implements AsyncListener {
  static final String ATTRIBUTE = HttpExchange.class.getName();

  private static final VarHandle ROUTE;
  private static final VarHandle HANDLED_BY_JAXRS;
  private static final VarHandle ENDED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ROUTE = lookup.findVarHandle(HttpExchange.class, "route", HttpMetrics.Route.class);
      HANDLED_BY_JAXRS = lookup.findVarHandle(HttpExchange.class, "handledByJaxrs", boolean.class);
      ENDED = lookup.findVarHandle(HttpExchange.class, "ended", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final HttpMetrics metrics;
  private final long startNanos;
  private final int method;
  private final HttpServletRequest original;
  private final CountingRequest request; // null when the request declares no body
  private final CountingResponse response;
  private HttpMetrics.Route route; // through ROUTE
  private boolean handledByJaxrs; // through HANDLED_BY_JAXRS
  private boolean ended; // through ENDED

  private HttpExchange(HttpMetrics metrics, long startNanos, int method, HttpServletRequest original,
      CountingRequest request, CountingResponse response) {
    this.metrics = metrics;
    this.startNanos = startNanos;
    this.method = method;
    this.original = original;
    this.request = request;
    this.response = response;
  }

  /**
   * Starts measuring; pass {@link #request()} and {@link #response()} down the chain. A request
   * without a body (no positive Content-Length, no Transfer-Encoding) needs no counting wrapper: its
   * size is 0, and its Content-Length is read once, here.
   */
  static HttpExchange open(HttpMetrics metrics, HttpServletRequest request, HttpServletResponse response) {
    long start = System.nanoTime();
    long declared = request.getContentLengthLong();
    CountingRequest counting = declared > 0 || request.getHeader("Transfer-Encoding") != null
        ? new CountingRequest(request, declared) : null;
    return new HttpExchange(metrics, start, HttpMetrics.methodIndex(request.getMethod()), request, counting,
        new CountingResponse(response));
  }

  /** The request to pass on: the counting wrapper, or the original when there is no body to count. */
  HttpServletRequest request() {
    return request != null ? request : original;
  }

  CountingResponse response() {
    return response;
  }

  /** The route of {@code template} in the metrics this exchange records into. */
  HttpMetrics.Route route(String template) {
    return metrics.route(template);
  }

  /** Whether {@code route} belongs to the metrics this exchange records into (a cached one may not). */
  boolean recordsInto(HttpMetrics.Route route) {
    return route.owner == metrics;
  }

  /** Called once the resource method is known; a second call (a filter registered twice) is ignored. */
  void matched(String template) {
    matched(metrics.route(template));
  }

  /** As {@link #matched(String)}, with a route from {@link #route(String)}. */
  void matched(HttpMetrics.Route matched) {
    if ((HttpMetrics.Route) ROUTE.getAcquire(this) != null) {
      return;
    }
    if (!matched.excluded) {
      metrics.started(matched, method);
    }
    ROUTE.setRelease(this, matched);
  }

  boolean isMatched() {
    return (HttpMetrics.Route) ROUTE.getAcquire(this) != null; // the cast keeps the call site exact
  }

  /** The servlet mapping's prefix ({@code /api} for {@code /api/*}), for when no {@code @ApplicationPath} says it. */
  String servletMappingPrefix() {
    String pattern = original.getHttpServletMapping().getPattern();
    return pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : "";
  }

  /** JAX-RS produced the response, matched or not: only such requests are counted. */
  void handledByJaxrs() {
    HANDLED_BY_JAXRS.setRelease(this, true);
  }

  /** Records the exchange once, with its final status. */
  void end(int status) {
    if (!ENDED.compareAndSet(this, false, true)) {
      return;
    }
    HttpMetrics.Route matched = (HttpMetrics.Route) ROUTE.getAcquire(this);
    if (matched != null) {
      if (matched.excluded) {
        return;
      }
      metrics.ended(matched, method);
    } else if (!(boolean) HANDLED_BY_JAXRS.getAcquire(this)) {
      return;
    } else {
      matched = metrics.unmatched();
    }
    metrics.completed(matched, method, status, System.nanoTime() - startNanos,
        request == null ? 0 : request.bodySize(), response.bodySize());
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
