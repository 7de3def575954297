package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig.HttpConventions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.Meter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The five HTTP instruments of the original ({@code compozy_http_*}), recorded with attribute sets
 * built once per (method, route, status) and reused: building {@code Attributes} per request
 * doubles the cost.
 * A {@link Route} also carries whether its template is excluded, so that a route resolved once
 * answers both questions without a lookup per request.
 *
 * <p>With {@link HttpConventions#OTEL} or {@link HttpConventions#BOTH} a {@link SemconvHttpMetrics}
 * records the same measurement (one clock read, one route, one method classification) under
 * OpenTelemetry's semantic conventions; with {@code OTEL} alone the five instruments above are not
 * created, with {@code BOTH} only the conventions' duration is added to them.
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
  static final int FIRST_STATUS = 100;
  static final int LAST_STATUS = 599;
  static final int METHOD_BITS = 0xF; // a classify() result: the method index in the low four bits
  /** In-flight adders are kept per method and scheme: the low six bits of a classify() result. */
  static final int ACTIVE_SLOTS = 64;

  private final LongCounter requests; // this and the next three: null without the compozy conventions
  private final DoubleHistogram duration;
  private final LongHistogram requestSize;
  private final LongHistogram responseSize;
  private final SemconvHttpMetrics semconv; // null without the otel conventions
  private final Exclusions exclusions;
  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
  private final Route unmatched;
  private volatile boolean off;

  HttpMetrics(Meter meter, Exclusions exclusions) {
    this(meter, exclusions, HttpConventions.COMPOZY);
  }

  HttpMetrics(Meter meter, Exclusions exclusions, HttpConventions conventions) {
    this.exclusions = exclusions;
    semconv = conventions.otel() ? new SemconvHttpMetrics(meter, this, !conventions.compozy()) : null; // before any Route: they read it
    unmatched = new Route(this, UNMATCHED, false);
    if (!conventions.compozy()) {
      requests = null;
      duration = null;
      requestSize = null;
      responseSize = null;
      return;
    }
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

  /**
   * What the instruments need to know of a request before it ends, in one int: its method index,
   * and with the otel conventions also its scheme and protocol version (see {@link SemconvHttpMetrics}).
   */
  int classify(HttpServletRequest request) {
    int method = methodIndex(request.getMethod());
    return semconv == null ? method : method | SemconvHttpMetrics.schemeAndProtocol(request);
  }

  /** The method index of a {@link #classify} result. */
  static int method(int kind) {
    return kind & METHOD_BITS;
  }

  /** The routes of matched requests so far (only those are ever in flight). */
  Collection<Route> matchedRoutes() {
    return routes.values();
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

  void started(Route route, int kind) {
    route.active(kind).increment();
  }

  void ended(Route route, int kind) {
    route.active(kind).decrement();
  }

  private void observeInFlight(ObservableLongMeasurement measurement) {
    unmatched.observeInFlight(measurement);
    for (Route route : routes.values()) {
      route.observeInFlight(measurement);
    }
  }

  /**
   * Records one exchange in every convention configured.
   *
   * @param failure what escaped the application to the container, else null
   * @param context holds the request's span, if any: the durations' exemplars link to it
   */
  void completed(Route route, int kind, int status, long nanos, long requestBytes, long responseBytes,
      Throwable failure, Context context) {
    if (requests != null) {
      Attributes attributes = route.completed(method(kind), status);
      Context none = Context.root();
      requests.add(1, attributes, none);
      duration.record(nanos / 1e9, attributes, context);
      requestSize.record(requestBytes, attributes, none);
      responseSize.record(responseBytes, attributes, none);
    }
    if (semconv != null) {
      semconv.completed(route, kind, status, nanos, requestBytes, responseBytes, failure, context);
    }
  }

  /** One route template's attribute sets, or an excluded template, which records nothing. */
  static final class Route {
    final HttpMetrics owner;
    final String template;
    final boolean excluded;
    private final Attributes[] inFlight = new Attributes[METHODS.length];
    private final AtomicReferenceArray<LongAdder> active = new AtomicReferenceArray<>(ACTIVE_SLOTS);
    private final AtomicReferenceArray<Attributes[]> byMethodAndStatus =
        new AtomicReferenceArray<>(METHODS.length);
    /** The semantic conventions' attribute sets, kept by {@link SemconvHttpMetrics}; null without them. */
    final AtomicReferenceArray<Attributes[]> semconv;

    private Route(HttpMetrics owner, String template, boolean excluded) {
      this.owner = owner;
      this.template = template;
      this.excluded = excluded;
      this.semconv = owner.semconv == null ? null : new AtomicReferenceArray<>(SemconvHttpMetrics.KINDS);
      for (int i = 0; i < METHODS.length; i++) {
        inFlight[i] = Attributes.of(METHOD, METHODS[i], ROUTE, template);
      }
    }

    LongAdder active(int kind) {
      int slot = kind & (ACTIVE_SLOTS - 1);
      LongAdder adder = active.get(slot);
      if (adder == null) {
        active.compareAndSet(slot, null, new LongAdder());
        adder = active.get(slot);
      }
      return adder;
    }

    /** The in-flight adder of a slot (method and scheme), or null if no such request came. */
    LongAdder activeIn(int slot) {
      return active.get(slot);
    }

    // an excluded route is never started, so it has no adder to observe
    void observeInFlight(ObservableLongMeasurement measurement) {
      for (int i = 0; i < METHODS.length; i++) {
        long sum = 0;
        boolean seen = false;
        for (int slot = i; slot < ACTIVE_SLOTS; slot += METHOD_BITS + 1) { // the method's slots, one per scheme
          LongAdder adder = active.get(slot);
          if (adder != null) {
            sum += adder.sum();
            seen = true;
          }
        }
        if (seen) {
          measurement.record(sum, inFlight[i]);
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
