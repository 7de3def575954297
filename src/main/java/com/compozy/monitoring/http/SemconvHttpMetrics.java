package com.compozy.monitoring.http;

import com.compozy.monitoring.internal.BoundedLabels;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server metrics of OpenTelemetry's semantic conventions (stable since 1.23), recorded
 * from the measurement {@link HttpMetrics} takes of each exchange:
 * <ul>
 *   <li>{@code http.server.request.duration} (s; Prometheus {@code http_server_request_duration_seconds})
 *       with the advised buckets, attributes {@code http.request.method}, {@code http.route} (absent
 *       when no resource matched), {@code http.response.status_code}, {@code url.scheme},
 *       {@code network.protocol.version} (when the container reports one) and {@code error.type}
 *       (errors only);
 *   <li>{@code http.server.active_requests} ({@code http.request.method}, {@code url.scheme}), and
 *       {@code http.server.request.body.size} and {@code http.server.response.body.size} (By) with
 *       the duration's attributes: these three are still "development" in the conventions, and are
 *       recorded only when they stand in for the compozy series ({@code otel}). Beside the compozy
 *       series ({@code both}) they would repeat {@code compozy_http_requests_in_flight} and the two
 *       size histograms number for number, at two histogram records more per request.
 * </ul>
 *
 * <p>{@code error.type} follows the conventions as the OpenTelemetry agent reads them: the status code
 * of a 5xx (an exception escaping to the container before the response was committed is a 500, as
 * the container answers it; runtimes wrap it differently, so its class would say little), else the
 * class name of an exception that escaped after a non-error status was sent (a {@code ServletException}
 * unwrapped to its cause); at most {@value #ERROR_TYPES} class names, then {@code _OTHER}. Methods
 * outside the nine the conventions know are {@code _OTHER}, as in the compozy series. The attribute
 * keys are written out here rather than taken from {@code opentelemetry-semconv}: they are stable,
 * and a constants JAR more in every WAR buys nothing.
 */
final class SemconvHttpMetrics {
  static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  static final int ERROR_TYPES = 50;
  static final String OTHER = "_OTHER";

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // A classify() result: the method in bits 0-3, the scheme in bits 4-5 and the protocol version in
  // bits 6-8, so that the in-flight slots (bits 0-5) are per method and scheme.
  private static final String[] SCHEMES = {"http", "https", OTHER};
  private static final String[] PROTOCOLS = {null, "1.0", "1.1", "2", "3"};
  private static final int SCHEME_SHIFT = 4;
  private static final int PROTOCOL_SHIFT = 6;
  /** How many classify() results there are: the size of a route's attribute-set table. */
  static final int KINDS = PROTOCOLS.length << PROTOCOL_SHIFT;
  private static final int STATUSES = HttpMetrics.LAST_STATUS - HttpMetrics.FIRST_STATUS + 1;

  private final HttpMetrics owner;
  private final DoubleHistogram duration;
  private final LongHistogram requestSize; // this and the next: null without the development instruments
  private final LongHistogram responseSize;
  private final Attributes[] active = new Attributes[HttpMetrics.ACTIVE_SLOTS];
  private final BoundedLabels errorTypes = new BoundedLabels("error.type", ERROR_TYPES);

  /** @param development whether to record the three development instruments besides the duration */
  SemconvHttpMetrics(Meter meter, HttpMetrics owner, boolean development) {
    this.owner = owner;
    duration = meter.histogramBuilder("http.server.request.duration")
        .setDescription("Duration of HTTP server requests.")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
    if (!development) {
      requestSize = null;
      responseSize = null;
      return;
    }
    requestSize = meter.histogramBuilder("http.server.request.body.size")
        .setDescription("Size of HTTP server request bodies.")
        .setUnit("By")
        .ofLongs()
        .setExplicitBucketBoundariesAdvice(HttpMetrics.SIZE_BUCKETS)
        .build();
    responseSize = meter.histogramBuilder("http.server.response.body.size")
        .setDescription("Size of HTTP server response bodies.")
        .setUnit("By")
        .ofLongs()
        .setExplicitBucketBoundariesAdvice(HttpMetrics.SIZE_BUCKETS)
        .build();
    for (int slot = 0; slot < active.length; slot++) {
      int method = slot & HttpMetrics.METHOD_BITS;
      int scheme = slot >>> SCHEME_SHIFT;
      if (method < 10 && scheme < SCHEMES.length) {
        active[slot] = Attributes.of(METHOD, HttpMetrics.methodName(method), SCHEME, SCHEMES[scheme]);
      }
    }
    meter.upDownCounterBuilder("http.server.active_requests")
        .setDescription("Number of active HTTP server requests.")
        .setUnit("{request}")
        .buildWithCallback(this::observeActive);
  }

  /** The scheme and protocol bits of a classify() result. */
  static int schemeAndProtocol(HttpServletRequest request) {
    String scheme = request.getScheme();
    int schemeIndex = "http".equals(scheme) ? 0 : "https".equals(scheme) ? 1 : 2;
    return schemeIndex << SCHEME_SHIFT | protocolIndex(request.getProtocol()) << PROTOCOL_SHIFT;
  }

  private static int protocolIndex(String protocol) {
    switch (protocol == null ? "" : protocol) {
      case "HTTP/1.0": return 1;
      case "HTTP/1.1": return 2;
      case "HTTP/2": case "HTTP/2.0": return 3;
      case "HTTP/3": case "HTTP/3.0": return 4;
      default: return 0; // not HTTP, or unknown: no network.protocol.version
    }
  }

  private void observeActive(ObservableLongMeasurement measurement) {
    for (int slot = 0; slot < active.length; slot++) {
      if (active[slot] == null) {
        continue;
      }
      long sum = 0;
      boolean seen = false;
      for (HttpMetrics.Route route : owner.matchedRoutes()) {
        LongAdder adder = route.activeIn(slot);
        if (adder != null) {
          sum += adder.sum();
          seen = true;
        }
      }
      if (seen) {
        measurement.record(sum, active[slot]);
      }
    }
  }

  /** @param context the duration's, for its exemplar; read once by {@link HttpMetrics} for both conventions */
  void completed(HttpMetrics.Route route, int kind, int status, long nanos, long requestBytes, long responseBytes,
      Throwable failure, Context context) {
    Attributes attributes = attributes(route, kind, status);
    if (failure != null && status < 500) {
      String type = errorTypes.label(unwrapped(failure).getClass().getName());
      attributes = attributes.toBuilder().put(ERROR_TYPE, type.isEmpty() ? OTHER : type).build();
    }
    duration.record(nanos / 1e9, attributes, context);
    if (requestSize != null) {
      Context none = Context.root();
      requestSize.record(requestBytes, attributes, none);
      responseSize.record(responseBytes, attributes, none);
    }
  }

  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause instanceof ServletException && cause.getCause() != null && depth < 10; depth++) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The set of (route, kind, status), built once; an out-of-range status gets a new one each time. */
  private static Attributes attributes(HttpMetrics.Route route, int kind, int status) {
    if (status < HttpMetrics.FIRST_STATUS || status > HttpMetrics.LAST_STATUS) {
      return build(route, kind, status);
    }
    AtomicReferenceArray<Attributes[]> table = route.semconv;
    Attributes[] byStatus = table.get(kind);
    if (byStatus == null) {
      table.compareAndSet(kind, null, new Attributes[STATUSES]);
      byStatus = table.get(kind);
    }
    Attributes attributes = byStatus[status - HttpMetrics.FIRST_STATUS];
    if (attributes == null) {
      // a benign race: two threads may build equal sets, either one is fine to keep
      attributes = build(route, kind, status);
      byStatus[status - HttpMetrics.FIRST_STATUS] = attributes;
    }
    return attributes;
  }

  private static Attributes build(HttpMetrics.Route route, int kind, int status) {
    AttributesBuilder builder = Attributes.builder()
        .put(METHOD, HttpMetrics.methodName(HttpMetrics.method(kind)))
        .put(STATUS, (long) status)
        .put(SCHEME, SCHEMES[(kind >>> SCHEME_SHIFT) & 3]);
    if (route != route.owner.unmatched()) {
      builder.put(ROUTE, route.template); // the conventions: no http.route when none matched
    }
    String protocol = PROTOCOLS[kind >>> PROTOCOL_SHIFT];
    if (protocol != null) {
      builder.put(PROTOCOL_VERSION, protocol);
    }
    if (status >= 500 && status <= HttpMetrics.LAST_STATUS) {
      builder.put(ERROR_TYPE, String.valueOf(status));
    }
    return builder.build();
  }
}
