package com.compozy.monitoring.http;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A CLIENT span for each call of a JAX-RS client, with the trace context sent in the request
 * headers (the service's propagators), so the called service continues the trace.
 *
 * <pre>{@code
 * // plain Java
 * Client client = ClientBuilder.newClient().register(TracingClientFilter.of(monitoring));
 * // CDI: @Inject TracingClientFilter tracing; ... client.register(tracing);
 * // MicroProfile Rest Client: the application's service is looked up at the first call
 * @RegisterRestClient @RegisterProvider(TracingClientFilter.class)
 * public interface OrdersClient { ... }
 * }</pre>
 *
 * <p>The span is named by the method alone ({@code GET}; {@code HTTP} for a nonstandard one), as
 * the HTTP semantic conventions say for a client that knows no route, and carries
 * {@code http.request.method}, {@code server.address}, {@code server.port}, {@code url.full}
 * (without user info, signature parameters redacted) and, with the response,
 * {@code http.response.status_code}; a 4xx or 5xx is an error ({@code error.type} is the status).
 * The span is the child of the context current when the request is sent. A call that fails
 * without a response (connection refused, timeout) runs no response filter, so its span is never
 * ended and never exported: JAX-RS gives a filter no hook for it.
 *
 * <p>Without tracing (no tracer provider) the filter does nothing. It never throws into a call.
 */
public final class TracingClientFilter implements ClientRequestFilter, ClientResponseFilter {
  private static final ThrottledLog LOG = new ThrottledLog(TracingClientFilter.class);
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private static final String SPAN = TracingClientFilter.class.getName() + ".span";
  private static final Pattern SIGNATURES =
      Pattern.compile("(?i)(^|&)(AWSAccessKeyId|Signature|sig|X-Goog-Signature)=[^&]*");

  private final Supplier<MonitoringService> service;
  private volatile Tracing tracing; // resolved once a service was found

  /**
   * The application's service, looked up in CDI at the first call (for MicroProfile Rest Client's
   * {@code @RegisterProvider} and other runtimes that create providers themselves).
   */
  public TracingClientFilter() {
    this(() -> CDI.current().select(MonitoringService.class).get());
  }

  private TracingClientFilter(Supplier<MonitoringService> service) {
    this.service = service;
  }

  /** A filter tracing with {@code service}'s tracer and propagators. */
  public static TracingClientFilter of(MonitoringService service) {
    Objects.requireNonNull(service, "service");
    return new TracingClientFilter(() -> service);
  }

  @Override
  public void filter(ClientRequestContext request) {
    try {
      Tracing active = tracing();
      if (active == null || active.tracer == null) {
        return;
      }
      String method = request.getMethod();
      int index = HttpMetrics.methodIndex(method);
      boolean other = index == HttpMetrics.methodIndex(HttpMetrics.OTHER_METHOD);
      URI uri = request.getUri();
      SpanBuilder builder = active.tracer.spanBuilder(other ? "HTTP" : HttpMetrics.methodName(index))
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(HttpServerSpans.METHOD, HttpMetrics.methodName(index));
      if (other) {
        builder.setAttribute(HttpServerSpans.METHOD_ORIGINAL, HttpServerSpans.bounded(method));
      }
      if (uri != null) {
        if (uri.getHost() != null) {
          builder.setAttribute(HttpServerSpans.SERVER_ADDRESS, uri.getHost());
        }
        int port = port(uri);
        if (port > 0) {
          builder.setAttribute(HttpServerSpans.SERVER_PORT, (long) port);
        }
        builder.setAttribute(URL_FULL, fullUrl(uri));
      }
      Context context = Context.current().with(builder.startSpan());
      active.propagator.inject(context, request.getHeaders(), Headers.INSTANCE);
      request.setProperty(SPAN, context);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Failed to start the client span of " + request.getMethod() + " " + request.getUri(), e);
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    try {
      if (!(request.getProperty(SPAN) instanceof Context context)) {
        return;
      }
      request.removeProperty(SPAN); // a filter registered twice ends the span once
      Span span = Span.fromContext(context);
      int status = response.getStatus();
      span.setAttribute(HttpServerSpans.STATUS, (long) status);
      if (status >= 400) {
        span.setAttribute(HttpServerSpans.ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Failed to end the client span of " + request.getMethod() + " " + request.getUri(), e);
    }
  }

  /** {@code uri} without user info, and with the values of signature parameters redacted. */
  static String fullUrl(URI uri) {
    String raw = uri.getRawUserInfo() == null ? uri.toString() : withoutUserInfo(uri);
    int query = raw.indexOf('?');
    if (query >= 0 && SIGNATURES.matcher(raw.substring(query + 1)).find()) {
      int fragment = raw.indexOf('#', query);
      String q = fragment < 0 ? raw.substring(query + 1) : raw.substring(query + 1, fragment);
      raw = raw.substring(0, query + 1) + SIGNATURES.matcher(q).replaceAll("$1$2=REDACTED")
          + (fragment < 0 ? "" : raw.substring(fragment));
    }
    return HttpServerSpans.bounded(raw);
  }

  private static String withoutUserInfo(URI uri) {
    StringBuilder url = new StringBuilder();
    if (uri.getScheme() != null) {
      url.append(uri.getScheme()).append("://");
    }
    url.append(uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1));
    if (uri.getRawPath() != null) {
      url.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      url.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      url.append('#').append(uri.getRawFragment());
    }
    return url.toString();
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
  }

  private Tracing tracing() {
    Tracing resolved = tracing;
    if (resolved == null) {
      MonitoringService found = service.get(); // throws while CDI has none: asked again at the next call
      OpenTelemetry openTelemetry = found.openTelemetry();
      resolved = new Tracing(openTelemetry.getTracerProvider() == TracerProvider.noop() ? null : found.tracer(),
          openTelemetry.getPropagators().getTextMapPropagator());
      tracing = resolved;
    }
    return resolved;
  }

  /** The tracer (null: tracing is off) and the propagator of the service. */
  private record Tracing(Tracer tracer, TextMapPropagator propagator) {}

  private enum Headers implements TextMapSetter<MultivaluedMap<String, Object>> {
    INSTANCE;

    @Override
    public void set(MultivaluedMap<String, Object> headers, String key, String value) {
      if (headers != null) {
        headers.putSingle(key, value);
      }
    }
  }
}
