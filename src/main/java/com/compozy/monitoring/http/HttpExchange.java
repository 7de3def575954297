package com.compozy.monitoring.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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
 * <p>Its state is one field: open and unmatched ({@code null}), matched (the route, in flight), or
 * ended. The match and the end each change it with one atomic instruction, so whichever threads they
 * run on, a request is recorded exactly once and a match that comes after the end is ignored: the
 * request attribute outlives the exchange, and JAX-RS may still match it (an error page dispatched to
 * a resource after a servlet threw, an async dispatch after the filter saw no async cycle).
 *
 * <p>Per request it costs three small objects (this and the two counting wrappers; one wrapper for a
 * body-less request). The JAX-RS mark is written by the request thread and read at the end,
 * possibly by the container thread completing an async response: release and acquire order it.
 * Recording never throws: a failure switches the metrics off (see {@link HttpMetrics}).
 *
 * <p>With tracing on it also carries the request's server span ({@link HttpServerSpans}): started
 * at the match and made current on the request thread until the servlet filter
 * {@linkplain #leaveContext leaves it}, ended with the exchange. The duration is recorded with the
 * span's context, so a sampled span gives the histogram an exemplar. With tracing off
 * {@code spans} is null and that is all the exchange checks.
 */
final class HttpExchange implements AsyncListener {
  static final String ATTRIBUTE = HttpExchange.class.getName();
  private static final Object ENDED = new Object();

  private static final VarHandle STATE;
  private static final VarHandle HANDLED_BY_JAXRS;
  private static final VarHandle TRACED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(HttpExchange.class, "state", Object.class);
      HANDLED_BY_JAXRS = lookup.findVarHandle(HttpExchange.class, "handledByJaxrs", boolean.class);
      TRACED = lookup.findVarHandle(HttpExchange.class, "traced", Context.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final HttpMetrics metrics;
  private final HttpServerSpans spans; // null: tracing is off
  private final long startNanos;
  private final int kind; // HttpMetrics.classify: the method, and the scheme and protocol when needed
  private final HttpServletRequest original;
  private final CountingRequest request; // null when the request declares no body
  private final CountingResponse response;
  private Object state; // null, the matched HttpMetrics.Route, or ENDED; through STATE
  private boolean handledByJaxrs; // through HANDLED_BY_JAXRS
  private Context traced; // the started, not yet ended server span; through TRACED
  private Scope scope; // the span made current; only ever used on the request thread

  private HttpExchange(HttpMetrics metrics, HttpServerSpans spans, long startNanos, int kind,
      HttpServletRequest original, CountingRequest request, CountingResponse response) {
    this.metrics = metrics;
    this.spans = spans;
    this.startNanos = startNanos;
    this.kind = kind;
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
    return open(metrics, null, request, response);
  }

  /** As {@link #open(HttpMetrics, HttpServletRequest, HttpServletResponse)}, traced by {@code spans} unless null. */
  static HttpExchange open(HttpMetrics metrics, HttpServerSpans spans, HttpServletRequest request,
      HttpServletResponse response) {
    long start = System.nanoTime();
    long declared = request.getContentLengthLong();
    CountingRequest counting = declared > 0 || request.getHeader("Transfer-Encoding") != null
        ? new CountingRequest(request, declared) : null;
    return new HttpExchange(metrics, spans, start, metrics.classify(request), request, counting,
        new CountingResponse(response));
  }

  /** The request to pass on: the counting wrapper, or the original when there is no body to count. */
  HttpServletRequest request() {
    return request != null ? request : original;
  }

  CountingResponse response() {
    return response;
  }

  /** The context path, to take off the base URI JAX-RS reports. */
  String contextPath() {
    return original.getContextPath();
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

  /**
   * As {@link #matched(String)}, with a route from {@link #route(String)}. Ignored after the end. The
   * in-flight count goes up before the route is set, so that an end racing with it on another thread
   * can only find it matched and take it down again, never leave it up. The span, likewise, is
   * published before the route, so that such an end finds it.
   */
  void matched(HttpMetrics.Route matched) {
    if (STATE.getAcquire(this) != null) {
      return;
    }
    try {
      if (matched.excluded) {
        STATE.compareAndSet(this, null, matched);
      } else {
        Context started = spans == null ? null : startSpan(matched.template);
        metrics.started(matched, kind);
        if (!STATE.compareAndSet(this, null, matched)) {
          metrics.ended(matched, kind); // ended or matched meanwhile
          if (started != null) {
            TRACED.compareAndSet(this, started, null); // unless the end took it: never ended, never exported
          }
        } else if (started != null) {
          scope = started.makeCurrent();
        }
      }
    } catch (RuntimeException | LinkageError e) {
      metrics.switchOff(e);
    }
  }

  private Context startSpan(String template) {
    Context started = spans.start(original, HttpMetrics.method(kind), template, startNanos);
    if (started != null) {
      TRACED.setRelease(this, started);
    }
    return started;
  }

  /**
   * On the request thread, once the filter chain returned: the span stops being current there (an
   * async request goes on elsewhere and is ended by {@link #onComplete}).
   */
  void leaveContext() {
    Scope current = scope;
    if (current != null) {
      scope = null;
      current.close();
    }
  }

  /** Open and not matched yet: a JAX-RS filter should resolve its route. */
  boolean awaitsRoute() {
    return STATE.getAcquire(this) == null;
  }

  /** JAX-RS produced the response, matched or not: only such requests are counted. */
  void handledByJaxrs() {
    HANDLED_BY_JAXRS.setRelease(this, true);
  }

  /** After a failure in the request path: see {@link HttpMetrics#switchOff}. */
  void failed(Throwable failure) {
    metrics.switchOff(failure);
  }

  /** Records the exchange once, with its final status; later calls and matches are ignored. */
  void end(int status) {
    end(status, null);
  }

  /**
   * As {@link #end(int)}; {@code failure}, when not null, is the exception that escaped the filter
   * chain, which the span reports.
   */
  void end(int status, Throwable failure) {
    Object last = STATE.getAndSet(this, ENDED);
    if (last == ENDED) {
      return;
    }
    Context span = spans == null ? null : (Context) TRACED.getAndSet(this, null);
    try {
      HttpMetrics.Route matched = (HttpMetrics.Route) last;
      if (matched != null) {
        if (matched.excluded) {
          return;
        }
        metrics.ended(matched, kind);
      } else if (!(boolean) HANDLED_BY_JAXRS.getAcquire(this)) {
        return;
      } else {
        matched = metrics.unmatched();
        if (spans != null) {
          span = spans.start(original, HttpMetrics.method(kind), null, startNanos);
        }
      }
      if (!metrics.isOff()) {
        metrics.completed(matched, kind, status, System.nanoTime() - startNanos,
            request == null ? 0 : request.bodySize(), response.bodySize(), failure,
            span != null ? span : Context.current());
      }
    } catch (RuntimeException | LinkageError e) {
      metrics.switchOff(e);
    }
    // not in a finally: the early returns above have no span (an excluded route is never started)
    if (span != null) {
      spans.end(span, status, failure);
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end(response.getStatus());
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // the container or the JAX-RS runtime answers next (503 for JAX-RS), then onComplete records it
  }

  @Override
  public void onError(AsyncEvent event) {
    // as onTimeout: onComplete follows
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this); // a re-started async cycle needs the listener again
  }
}
