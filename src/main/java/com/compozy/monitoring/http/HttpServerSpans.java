package com.compozy.monitoring.http;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.Clock;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SERVER span of each request the HTTP metrics count, with the stable HTTP semantic
 * conventions: named {@code GET /api/users/{id}} from the route template (only {@code GET} when no
 * route matched, {@code HTTP} for a method outside the standard nine), never from the raw path, so
 * whatever clients send the names stay as few as the application's resource methods.
 *
 * <p>An {@link HttpExchange} starts its span when JAX-RS matched the route (the template is then
 * known, so the sampler sees the final name) and makes it current for the rest of the request, so
 * spans the resource creates are its children; a request no resource matched gets its span at the
 * end. Either way the span starts when the exchange opened, its parent is what the configured
 * propagators read from the request headers, and it ends with the response (an async one when it
 * completes). {@code url.query} is not recorded: query strings carry tokens and personal data, and
 * the route already says which endpoint was called.
 *
 * <p>Without a tracer provider there is no instance ({@link #of} answers null): the exchange's only
 * cost is then a null check. Nothing here throws into a request: a failure switches the spans off
 * (the metrics carry on) and is logged once.
 */
final class HttpServerSpans {
  private static final Logger LOG = Logger.getLogger(HttpServerSpans.class.getName());

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * Longest value taken from a client's headers or request line; longer ones are cut. A span
   * waits in the export queue with its attributes, and clients choose their length.
   */
  static final int MAX_VALUE_LENGTH = 1024;

  private static final int OTHER = HttpMetrics.methodIndex(HttpMetrics.OTHER_METHOD);
  private static final long ANCHOR_RENEWAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String[] SERVER_ERRORS = new String[100];

  static {
    for (int i = 0; i < SERVER_ERRORS.length; i++) {
      SERVER_ERRORS[i] = Integer.toString(500 + i);
    }
  }

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Clock clock = Clock.getDefault();
  /**
   * The wall-clock time of one {@code System.nanoTime()} reading, renewed once a second: a span's
   * start is then arithmetic on the exchange's start, not two clock reads per request, and a second
   * of nanoTime drifts from the wall clock by microseconds at most.
   */
  private volatile Anchor anchor = Anchor.now(clock);
  // span names per route template, by method index; templates come from resource methods: few
  private final ConcurrentHashMap<String, String[]> names = new ConcurrentHashMap<>();
  private volatile boolean off;

  private HttpServerSpans(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Spans on {@code tracer}, with {@code openTelemetry}'s propagators; null when
   * {@code openTelemetry} has no tracer provider (tracing is off).
   */
  static HttpServerSpans of(OpenTelemetry openTelemetry, Tracer tracer) {
    if (openTelemetry.getTracerProvider() == TracerProvider.noop()) {
      return null;
    }
    return new HttpServerSpans(tracer, openTelemetry.getPropagators().getTextMapPropagator());
  }

  /**
   * Starts the span of a request that began at {@code startNanos} ({@link System#nanoTime()});
   * {@code template} is its route, null when none matched. Returns the context holding it (not
   * made current), or null when the spans are off.
   */
  Context start(HttpServletRequest request, int method, String template, long startNanos) {
    if (off) {
      return null;
    }
    try {
      Context parent = propagator.extract(Context.current(), request, Headers.INSTANCE);
      String methodName = HttpMetrics.methodName(method);
      SpanBuilder builder = tracer.spanBuilder(name(method, template))
          .setSpanKind(SpanKind.SERVER)
          .setParent(parent)
          .setStartTimestamp(epochNanos(startNanos), TimeUnit.NANOSECONDS)
          .setAttribute(METHOD, methodName);
      if (method == OTHER) {
        builder.setAttribute(METHOD_ORIGINAL, bounded(request.getMethod()));
      }
      if (template != null) {
        builder.setAttribute(ROUTE, template);
      }
      builder.setAttribute(URL_PATH, bounded(request.getRequestURI()))
          .setAttribute(URL_SCHEME, request.getScheme())
          .setAttribute(SERVER_ADDRESS, bounded(request.getServerName()))
          .setAttribute(SERVER_PORT, (long) request.getServerPort());
      String version = protocolVersion(request.getProtocol());
      if (version != null) {
        builder.setAttribute(PROTOCOL_VERSION, version);
      }
      String userAgent = request.getHeader("User-Agent");
      if (userAgent != null) {
        builder.setAttribute(USER_AGENT, bounded(userAgent));
      }
      return parent.with(builder.startSpan());
    } catch (RuntimeException | LinkageError e) {
      switchOff(e);
      return null;
    }
  }

  /**
   * Ends the span in {@code traced} with the response's {@code status}; {@code failure} is an
   * exception no mapper handled, which the container answers with a 500.
   */
  void end(Context traced, int status, Throwable failure) {
    try {
      Span span = Span.fromContext(traced);
      if (status > 0) {
        span.setAttribute(STATUS, (long) status);
      }
      boolean serverError = status >= 500 && status <= 599;
      if (serverError) {
        // as the semantic-convention metrics: the status code, whether the runtime's JAX-RS answered
        // the exception itself (RESTEasy) or let it escape to the container (Jersey on Payara)
        span.setAttribute(ERROR_TYPE, SERVER_ERRORS[status - 500]);
        span.setStatus(StatusCode.ERROR);
      }
      if (failure != null) {
        Throwable cause = unwrapped(failure);
        if (!serverError) {
          span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        }
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR);
      }
      // a 4xx is the client's error, not the server's: the span status stays unset (semantic conventions)
      span.end();
    } catch (RuntimeException | LinkageError e) {
      switchOff(e);
    }
  }

  /** The wall-clock time, in epoch nanoseconds, of {@code nanoTime}, a recent System.nanoTime() reading. */
  long epochNanos(long nanoTime) {
    Anchor current = anchor;
    if (nanoTime - current.nanoTime > ANCHOR_RENEWAL_NANOS) {
      current = Anchor.now(clock);
      anchor = current; // a benign race: any thread's renewal is as good
    }
    return current.epochNanos + (nanoTime - current.nanoTime);
  }

  private record Anchor(long epochNanos, long nanoTime) {
    static Anchor now(Clock clock) {
      return new Anchor(clock.now(), System.nanoTime());
    }
  }

  private String name(int method, String template) {
    if (method == OTHER) {
      return "HTTP";
    }
    if (template == null) {
      return HttpMetrics.methodName(method);
    }
    String[] byMethod = names.get(template);
    if (byMethod == null) {
      byMethod = names.computeIfAbsent(template, t -> new String[OTHER]);
    }
    String name = byMethod[method];
    if (name == null) {
      name = HttpMetrics.methodName(method) + " " + template; // a benign race: equal strings
      byMethod[method] = name;
    }
    return name;
  }

  /** {@code HTTP/1.1} is {@code 1.1}, {@code HTTP/2.0} is {@code 2}, as the conventions write them. */
  static String protocolVersion(String protocol) {
    if (protocol == null || !protocol.startsWith("HTTP/")) {
      return null;
    }
    switch (protocol) {
      case "HTTP/1.1": return "1.1";
      case "HTTP/1.0": return "1.0";
      case "HTTP/2.0":
      case "HTTP/2": return "2";
      case "HTTP/3.0":
      case "HTTP/3": return "3";
      default: return bounded(protocol.substring("HTTP/".length()));
    }
  }

  /**
   * The application's exception rather than the container's or the JAX-RS runtime's wrapper
   * around it (RESTEasy wraps an unmapped exception in its {@code UnhandledException}).
   */
  static Throwable unwrapped(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; depth < 4 && t.getCause() != null
        && (t instanceof ServletException || t.getClass().getName().endsWith(".UnhandledException")); depth++) {
      t = t.getCause();
    }
    return t;
  }

  static String bounded(String value) {
    return value == null || value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
  }

  private void switchOff(Throwable failure) {
    synchronized (this) {
      if (off) {
        return;
      }
      off = true;
    }
    LOG.log(Level.SEVERE, "Monitoring: HTTP server spans switched off after an unexpected failure; requests "
        + "are still measured, but traced no more until the application is redeployed", failure);
  }

  /** The request headers, as the propagators read them. */
  private enum Headers implements TextMapGetter<HttpServletRequest> {
    INSTANCE;

    @Override
    public Iterable<String> keys(HttpServletRequest request) {
      Enumeration<String> names = request.getHeaderNames();
      return names == null ? List.of() : Collections.list(names);
    }

    @Override
    public String get(HttpServletRequest request, String key) {
      return request == null ? null : request.getHeader(key);
    }

    @Override
    public Iterator<String> getAll(HttpServletRequest request, String key) {
      Enumeration<String> values = request == null ? null : request.getHeaders(key);
      return values == null ? Collections.emptyIterator() : values.asIterator();
    }
  }
}
