package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.internal.BoundedLabels;
import com.compozy.monitoring.internal.Buckets;
import com.compozy.monitoring.internal.GuardedRecorder;
import com.compozy.monitoring.internal.RegistryGauge;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dispatcher lifecycle metrics: how many dispatchers run, their heartbeats, restarts, takeovers,
 * uptime and heartbeat scans.
 *
 * <pre>{@code
 * DispatcherMetrics dispatchers = DispatcherMetrics.of(monitoringService);
 * dispatchers.start("dispatcher-1");
 * dispatchers.heartbeat("dispatcher-1");
 * dispatchers.takeover("dispatcher-1", Duration.ofMillis(40), TakeoverOutcome.STARTED);
 * dispatchers.stop("dispatcher-1");
 * }</pre>
 *
 * <p>Bound once per {@link MonitoringService} and closed with it; uptime is measured on the
 * service's clock. Every method is thread-safe and never throws; after {@link #close()} the methods
 * do nothing.
 *
 * <p><b>Bounded ids.</b> At most {@value #MAX_DISPATCHER_IDS} distinct dispatcher ids get their own
 * series at a time; other ids, and null or empty ones, are recorded with an empty
 * {@code dispatcher_id}, which no real id can be (Prometheus shows that series without the label).
 * A {@link #stop} that brings a dispatcher's active count to 0 frees its slot for a new id. Its
 * counters stay exposed (a counter must not vanish and come back), and its active series keeps
 * reading 0 until there would be more than {@value #MAX_DISPATCHER_IDS} active series; then the
 * stopped ids' ones are dropped. Over a long churn of ids the counters are bounded by the service's
 * per-instrument series limit ({@code MonitoringService.MAX_SERIES_PER_INSTRUMENT}).
 *
 * <p><b>Exposed names.</b> {@code compozy_dispatcher_active_total} goes down on {@link #stop}, so it
 * is not a counter, yet the original gave it a counter's suffix: it is served from the service's
 * Prometheus registry directly under the original name, typed {@code untyped} (see
 * {@code RegistryGauge}).
 */
public final class DispatcherMetrics implements AutoCloseable {
  /** Distinct dispatcher ids with their own series; later ids are labelled {@code other}. */
  public static final int MAX_DISPATCHER_IDS = 1000;

  static final String ACTIVE = "compozy_dispatcher_active_total";
  static final String ACTIVE_HELP = "Currently active dispatchers";

  private static final AttributeKey<String> DISPATCHER_ID = AttributeKey.stringKey("dispatcher_id");
  private static final AttributeKey<String> EVENT = AttributeKey.stringKey("event");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  private static final List<Double> SCAN_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0);

  private final InstantSource clock;
  private final BoundedLabels ids = new BoundedLabels("dispatcher_id", MAX_DISPATCHER_IDS);
  private final Map<String, IdAttributes> attributes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
  private final Map<String, Instant> startTimes = new ConcurrentHashMap<>();
  private final GuardedRecorder guard = new GuardedRecorder(DispatcherMetrics.class);
  /** Held by start, stop and restart, so a stop's release cannot interleave with a start's admission. */
  private final Object lifecycle = new Object();

  private final LongCounter heartbeats;
  private final LongCounter lifecycleEvents;
  private final LongCounter takeovers;
  private final DoubleHistogram takeoverLatency;
  private final LongCounter keysScanned;
  private final LongCounter staleHeartbeats;
  private final DoubleHistogram scanDuration;
  private final ObservableDoubleGauge uptime;
  private final AutoCloseable activeGauge;

  private DispatcherMetrics(MonitoringService service) {
    Meter meter = service.meter();
    this.clock = service.clock();
    this.heartbeats = meter.counterBuilder("compozy_dispatcher_heartbeat_total")
        .setDescription("Total dispatcher heartbeats").build();
    this.lifecycleEvents = meter.counterBuilder("compozy_dispatcher_lifecycle_events_total")
        .setDescription("Total dispatcher lifecycle events").build();
    this.takeovers = meter.counterBuilder("compozy_dispatcher_takeover_total")
        .setDescription("Total dispatcher takeover attempts").build();
    this.takeoverLatency = meter.histogramBuilder("compozy_dispatcher_takeover_latency_seconds")
        .setDescription("Dispatcher takeover latency in seconds")
        .setExplicitBucketBoundariesAdvice(Buckets.SECONDS).build();
    this.keysScanned = meter.counterBuilder("compozy_dispatcher_keys_scanned_total")
        .setDescription("Total dispatcher heartbeat keys scanned").build();
    this.staleHeartbeats = meter.counterBuilder("compozy_dispatcher_stale_heartbeats_total")
        .setDescription("Total stale dispatcher heartbeats encountered during scans").build();
    this.scanDuration = meter.histogramBuilder("compozy_dispatcher_scan_duration_seconds")
        .setDescription("Duration of dispatcher heartbeat scans")
        .setExplicitBucketBoundariesAdvice(SCAN_BUCKETS).build();
    this.uptime = meter.gaugeBuilder("compozy_dispatcher_uptime_seconds")
        .setDescription("Dispatcher uptime in seconds")
        .buildWithCallback(measurement -> {
          Instant now = clock.instant();
          startTimes.forEach((id, start) -> measurement.record(
              Duration.between(start, now).toNanos() / 1e9, attributes(id).id));
        });
    this.activeGauge = RegistryGauge.untyped(ACTIVE, ACTIVE_HELP,
        points -> active.forEach((id, count) -> points.add(count.get(), "dispatcher_id", id)))
        .registerIn(service.prometheusRegistry().orElse(null));
  }

  /** The dispatcher metrics of {@code service}; the same instance for the same service. */
  public static DispatcherMetrics of(MonitoringService service) {
    return service.bind(DispatcherMetrics.class, DispatcherMetrics::new);
  }

  /** A dispatcher started: active +1, a {@code start} event, and its uptime starts now. */
  public void start(String dispatcherId) {
    guard.run("dispatcher start", () -> {
      synchronized (lifecycle) {
        String id = ids.label(dispatcherId);
        active.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        lifecycleEvents.add(1, attributes(id).start);
        startTimes.put(id, clock.instant());
        dropStoppedBeyondTheCap();
      }
    });
  }

  /**
   * A dispatcher stopped: active -1, a {@code stop} event, and its uptime series ends. When its
   * active count is back to 0 its id's slot is freed (see the class comment).
   */
  public void stop(String dispatcherId) {
    guard.run("dispatcher stop", () -> {
      synchronized (lifecycle) {
        String id = ids.label(dispatcherId);
        long left = active.computeIfAbsent(id, k -> new AtomicLong()).decrementAndGet();
        lifecycleEvents.add(1, attributes(id).stop);
        startTimes.remove(id);
        if (left <= 0 && !BoundedLabels.OVERFLOW.equals(id)) {
          ids.release(id);
        }
      }
    });
  }

  /** A dispatcher restarted in place: a {@code restart} event and its uptime restarts; active unchanged. */
  public void restart(String dispatcherId) {
    guard.run("dispatcher restart", () -> {
      synchronized (lifecycle) {
        String id = ids.label(dispatcherId);
        lifecycleEvents.add(1, attributes(id).restart);
        startTimes.put(id, clock.instant());
      }
    });
  }

  /** Keeps the stopped ids' 0 series only while there is room, so a churn of ids stays bounded. */
  private void dropStoppedBeyondTheCap() {
    if (active.size() <= MAX_DISPATCHER_IDS) {
      return;
    }
    active.entrySet().removeIf(e -> e.getValue().get() <= 0 && !ids.isAdmitted(e.getKey())
        && !BoundedLabels.OVERFLOW.equals(e.getKey()));
    attributes.keySet().removeIf(id -> !ids.isAdmitted(id) && !active.containsKey(id)
        && !BoundedLabels.OVERFLOW.equals(id));
  }

  /** Counts one heartbeat of the dispatcher. */
  public void heartbeat(String dispatcherId) {
    guard.run("dispatcher heartbeat", () -> heartbeats.add(1, attributes(ids.label(dispatcherId)).id));
  }

  /**
   * Records one scan of dispatcher heartbeat keys: keys scanned (added even when 0), stale
   * heartbeats found (only when positive) and the scan's duration. Negative counts are ignored.
   */
  public void scan(long keysScannedCount, long staleFound, Duration duration) {
    guard.run("dispatcher scan", () -> {
      if (keysScannedCount >= 0) {
        keysScanned.add(keysScannedCount);
      }
      if (staleFound > 0) {
        staleHeartbeats.add(staleFound);
      }
      if (duration != null) {
        scanDuration.record(seconds(duration));
      }
    });
  }

  /**
   * Records a takeover attempt and its latency, labelled {@code dispatcher_id} and, when
   * {@code outcome} is not null, {@code outcome}.
   */
  public void takeover(String dispatcherId, Duration latency, TakeoverOutcome outcome) {
    guard.run("dispatcher takeover", () -> {
      Attributes labels = attributes(ids.label(dispatcherId)).takeover(outcome);
      takeovers.add(1, labels);
      if (latency != null) {
        takeoverLatency.record(seconds(latency), labels);
      }
    });
  }

  /** Stops the observable metrics and the registry gauge; later calls do nothing. Idempotent. */
  @Override
  public void close() {
    if (guard.close()) {
      try {
        uptime.close();
        activeGauge.close();
      } catch (Exception e) {
        guard.failed("closing dispatcher metrics", e);
      }
    }
  }

  private IdAttributes attributes(String id) {
    return attributes.computeIfAbsent(id, IdAttributes::new);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** Attribute sets built once per id, so recording allocates nothing. */
  private static final class IdAttributes {
    final Attributes id;
    final Attributes start;
    final Attributes stop;
    final Attributes restart;
    private final Attributes[] takeover = new Attributes[TakeoverOutcome.values().length];

    IdAttributes(String dispatcherId) {
      id = Attributes.of(DISPATCHER_ID, dispatcherId);
      start = Attributes.of(DISPATCHER_ID, dispatcherId, EVENT, "start");
      stop = Attributes.of(DISPATCHER_ID, dispatcherId, EVENT, "stop");
      restart = Attributes.of(DISPATCHER_ID, dispatcherId, EVENT, "restart");
      for (TakeoverOutcome outcome : TakeoverOutcome.values()) {
        takeover[outcome.ordinal()] = Attributes.of(DISPATCHER_ID, dispatcherId, OUTCOME, outcome.label());
      }
    }

    Attributes takeover(TakeoverOutcome outcome) {
      return outcome == null ? id : takeover[outcome.ordinal()];
    }
  }
}
