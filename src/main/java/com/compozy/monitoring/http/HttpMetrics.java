package com.compozy.monitoring.http;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The five HTTP instruments of the original, recorded with attribute sets built once per
 * (method, route, status) and reused: building {@code Attributes} per request doubles the cost.
 * A {@link Route} also carries whether its template is excluded, so that a route resolved once
 * answers both questions without a lookup per request.
 *
 * <p>An unexpected failure anywhere in the request path (a bug, or a {@link LinkageError} from a
 * partial OpenTelemetry clash, which would fail again at every request) {@linkplain #switchOff
 * switches the HTTP metrics off}: requests are then served unmeasured, and the cause is logged once.
 */
final class HttpMetrics {
  private static final Logger LOG = Logger.getLogger(HttpMetrics.class.getName());

  static final String UNMATCHED = "unmatched";
  static final String OTHER_METHOD = "_OTHER";
  static final List<Double> DURATION_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
  static final List<Long> SIZE_BUCKETS =
      List.of(100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L);

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.status_code");
  private static final String[] METHODS =
      {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", OTHER_METHOD};
  private static final int FIRST_STATUS = 100;
  private static final int LAST_STATUS = 599;

  private final LongCounter requests;
  private final DoubleHistogram duration;
  private final LongHistogram requestSize;
  private final LongHistogram responseSize;
  private final Exclusions exclusions;
  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
  private final Route unmatched;
  private volatile boolean off;

  HttpMetrics(Meter meter, Exclusions exclusions) {
    this.exclusions = exclusions;
    requests = meter.counterBuilder("compozy_http_requests").setDescription("Total HTTP requests").build();
    duration = meter.histogramBuilder("compozy_http_request_duration_seconds")
        .setDescription("HTTP request latency")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
    requestSize = meter.histogramBuilder("compozy_http_request_size_bytes")
        .setDescription("Size distribution of HTTP request bodies")
        .setUnit("bytes")
        .ofLongs()
        .setExplicitBucketBoundariesAdvice(SIZE_BUCKETS)
        .build();
    responseSize = meter.histogramBuilder("compozy_http_response_size_bytes")
        .setDescription("Size distribution of HTTP response bodies")
        .setUnit("bytes")
        .ofLongs()
        .setExplicitBucketBoundariesAdvice(SIZE_BUCKETS)
        .build();
    unmatched = new Route(this, UNMATCHED, false);
    meter.upDownCounterBuilder("compozy_http_requests_in_flight")
        .setDescription("Currently active HTTP requests")
        .buildWithCallback(this::observeInFlight);
  }

  /** The index of a request method; methods outside the standard nine share {@code _OTHER}. */
  static int methodIndex(String method) {
    switch (method == null ? "" : method) {
      case "GET": return 0;
      case "HEAD": return 1;
      case "POST": return 2;
      case "PUT": return 3;
      case "DELETE": return 4;
      case "PATCH": return 5;
      case "OPTIONS": return 6;
      case "TRACE": return 7;
      case "CONNECT": return 8;
      default: return 9;
    }
  }

  static String methodName(int index) {
    return METHODS[index];
  }

  /** Templates come from the application's resource methods, so this map stays small. */
  Route route(String template) {
    Route route = routes.get(template);
    return route != null ? route
        : routes.computeIfAbsent(template, t -> new Route(this, t, exclusions.excludesRoute(t)));
  }

  Route unmatched() {
    return unmatched;
  }

  /** Whether a failure switched these metrics off; the servlet filter then measures no new request. */
  boolean isOff() {
    return off;
  }

  /** Stops measuring after {@code failure}, which is logged the first time only. */
  void switchOff(Throwable failure) {
    synchronized (this) {
      if (off) {
        return;
      }
      off = true;
    }
    LOG.log(Level.SEVERE, "Monitoring: HTTP metrics switched off after an unexpected failure; requests are "
        + "served unmeasured until the application is redeployed", failure);
  }

  // Only the duration may carry an exemplar, so only it reads the current context: each read is a
  // thread-local lookup, measurable under Liberty's large worker thread-locals (README, Performance).

  // In-flight is counted in per-route adders and read at collection: two OpenTelemetry adds per
  // request were about 1.3 µs of a Liberty request under wrk (README, Performance). A (route,
  // method) appears once it had a request and then stays, as the synchronous instrument's did.

  void started(Route route, int method) {
    route.active(method).increment();
  }

  void ended(Route route, int method) {
    route.active(method).decrement();
  }

  private void observeInFlight(ObservableLongMeasurement measurement) {
    unmatched.observeInFlight(measurement);
    for (Route route : routes.values()) {
      route.observeInFlight(measurement);
    }
  }

  /** {@code context} holds the request's span, if any: the duration's exemplar links to it. */
  void completed(Route route, int method, int status, long nanos, long requestBytes, long responseBytes,
      Context context) {
    Attributes attributes = route.completed(method, status);
    Context none = Context.root();
    requests.add(1, attributes, none);
    duration.record(nanos / 1e9, attributes, context);
    requestSize.record(requestBytes, attributes, none);
    responseSize.record(responseBytes, attributes, none);
  }

  /** One route template's attribute sets, or an excluded template, which records nothing. */
  static final class Route {
    final HttpMetrics owner;
    final String template;
    final boolean excluded;
    private final Attributes[] inFlight = new Attributes[METHODS.length];
    private final AtomicReferenceArray<LongAdder> active = new AtomicReferenceArray<>(METHODS.length);
    private final AtomicReferenceArray<Attributes[]> byMethodAndStatus =
        new AtomicReferenceArray<>(METHODS.length);

    private Route(HttpMetrics owner, String template, boolean excluded) {
      this.owner = owner;
      this.template = template;
      this.excluded = excluded;
      for (int i = 0; i < METHODS.length; i++) {
        inFlight[i] = Attributes.of(METHOD, METHODS[i], ROUTE, template);
      }
    }

    LongAdder active(int method) {
      LongAdder adder = active.get(method);
      if (adder == null) {
        active.compareAndSet(method, null, new LongAdder());
        adder = active.get(method);
      }
      return adder;
    }

    // an excluded route is never started, so it has no adder to observe
    void observeInFlight(ObservableLongMeasurement measurement) {
      for (int i = 0; i < METHODS.length; i++) {
        LongAdder adder = active.get(i);
        if (adder != null) {
          measurement.record(adder.sum(), inFlight[i]);
        }
      }
    }

    Attributes completed(int method, int status) {
      if (status < FIRST_STATUS || status > LAST_STATUS) {
        return Attributes.of(METHOD, METHODS[method], ROUTE, template, STATUS, (long) status);
      }
      Attributes[] byStatus = byMethodAndStatus.get(method);
      if (byStatus == null) {
        byMethodAndStatus.compareAndSet(method, null, new Attributes[LAST_STATUS - FIRST_STATUS + 1]);
        byStatus = byMethodAndStatus.get(method);
      }
      Attributes attributes = byStatus[status - FIRST_STATUS];
      if (attributes == null) {
        // a benign race: two threads may build equal sets, either one is fine to keep
        attributes = Attributes.of(METHOD, METHODS[method], ROUTE, template, STATUS, (long) status);
        byStatus[status - FIRST_STATUS] = attributes;
      }
      return attributes;
    }
  }
}
