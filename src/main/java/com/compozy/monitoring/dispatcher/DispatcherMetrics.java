package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.internal.BoundedLabels;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Dispatcher lifecycle metrics: how many dispatchers run, their heartbeats, restarts, takeovers,
 * uptime and heartbeat scans.
 *
 * <pre>{@code
 * DispatcherMetrics dispatchers = DispatcherMetrics.register(monitoringService);
 * dispatchers.start("dispatcher-1");
 * dispatchers.heartbeat("dispatcher-1");
 * dispatchers.takeover("dispatcher-1", Duration.ofMillis(40), TakeoverOutcome.STARTED);
 * dispatchers.stop("dispatcher-1");
 * dispatchers.close(); // when the application stops
 * }</pre>
 *
 * <p>Register once per {@link MonitoringService}; every method is thread-safe and never throws.
 * After {@link #close()} the methods do nothing.
 *
 * <p><b>Bounded ids.</b> At most {@value #MAX_DISPATCHER_IDS} distinct dispatcher ids get their own
 * series; later ids are recorded as {@code dispatcher_id="other"}.
 *
 * <p><b>Exposed names.</b> {@code compozy_dispatcher_active_total} goes down on {@link #stop}, so it
 * is not a counter, yet the original gave it a counter's suffix. OpenTelemetry's Prometheus exporter
 * strips {@code _total} from non-counters, so with a {@link MonitoringService} that has a Prometheus
 * registry the value is served from that registry directly under the original name, typed
 * {@code untyped} (a {@code gauge} ending in {@code _total} is what {@code promtool check metrics}
 * rejects). With a bare {@link Meter} it is an OpenTelemetry up-down counter of the same name, which
 * that exporter exposes as the gauge {@code compozy_dispatcher_active}.
 */
public final class DispatcherMetrics implements AutoCloseable {
  /** Distinct dispatcher ids with their own series; later ids are labelled {@code other}. */
  public static final int MAX_DISPATCHER_IDS = 1000;

  static final String ACTIVE = "compozy_dispatcher_active_total";
  static final String ACTIVE_HELP = "Currently active dispatchers";

  private static final AttributeKey<String> DISPATCHER_ID = AttributeKey.stringKey("dispatcher_id");
  private static final AttributeKey<String> EVENT = AttributeKey.stringKey("event");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  private static final List<Double> TAKEOVER_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
  private static final List<Double> SCAN_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0);
  private static final ThrottledLog LOG =
      new ThrottledLog(Logger.getLogger(DispatcherMetrics.class.getName()));

  private final InstantSource clock;
  private final BoundedLabels ids = new BoundedLabels(MAX_DISPATCHER_IDS);
  private final Map<String, IdAttributes> attributes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
  private final Map<String, Instant> startTimes = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private final LongCounter heartbeats;
  private final LongCounter lifecycleEvents;
  private final LongCounter takeovers;
  private final DoubleHistogram takeoverLatency;
  private final LongCounter keysScanned;
  private final LongCounter staleHeartbeats;
  private final DoubleHistogram scanDuration;
  private final ObservableDoubleGauge uptime;
  private final ObservableLongUpDownCounter activeInstrument;
  private final PrometheusRegistry registry;
  private final Collector activeCollector;

  private DispatcherMetrics(Meter meter, PrometheusRegistry registry, InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.heartbeats = meter.counterBuilder("compozy_dispatcher_heartbeat_total")
        .setDescription("Total dispatcher heartbeats").build();
    this.lifecycleEvents = meter.counterBuilder("compozy_dispatcher_lifecycle_events_total")
        .setDescription("Total dispatcher lifecycle events").build();
    this.takeovers = meter.counterBuilder("compozy_dispatcher_takeover_total")
        .setDescription("Total dispatcher takeover attempts").build();
    this.takeoverLatency = meter.histogramBuilder("compozy_dispatcher_takeover_latency_seconds")
        .setDescription("Dispatcher takeover latency in seconds")
        .setExplicitBucketBoundariesAdvice(TAKEOVER_BUCKETS).build();
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
    this.registry = registry;
    if (registry != null) {
      this.activeInstrument = null;
      this.activeCollector = this::collectActive;
      registry.register(activeCollector);
    } else {
      this.activeCollector = null;
      this.activeInstrument = meter.upDownCounterBuilder(ACTIVE)
          .setDescription(ACTIVE_HELP)
          .buildWithCallback(measurement -> active.forEach(
              (id, count) -> measurement.record(count.get(), attributes(id).id)));
    }
  }

  /**
   * Registers the dispatcher metrics on {@code service}'s meter (and, for the active gauge, its
   * Prometheus registry), measuring uptime with the system clock.
   */
  public static DispatcherMetrics register(MonitoringService service) {
    return register(service, InstantSource.system());
  }

  /** As {@link #register(MonitoringService)} with a clock for uptime, for tests. */
  public static DispatcherMetrics register(MonitoringService service, InstantSource clock) {
    return new DispatcherMetrics(service.meter(), service.prometheusRegistry().orElse(null), clock);
  }

  /** Registers on a bare meter; see the class comment for the active gauge's exposed name. */
  public static DispatcherMetrics register(Meter meter, InstantSource clock) {
    return new DispatcherMetrics(meter, null, clock);
  }

  /** A dispatcher started: active +1, a {@code start} event, and its uptime starts now. */
  public void start(String dispatcherId) {
    run("dispatcher start", () -> {
      String id = ids.label(dispatcherId);
      active.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
      lifecycleEvents.add(1, attributes(id).start);
      startTimes.put(id, clock.instant());
    });
  }

  /** A dispatcher stopped: active -1, a {@code stop} event, and its uptime series ends. */
  public void stop(String dispatcherId) {
    run("dispatcher stop", () -> {
      String id = ids.label(dispatcherId);
      active.computeIfAbsent(id, k -> new AtomicLong()).decrementAndGet();
      lifecycleEvents.add(1, attributes(id).stop);
      startTimes.remove(id);
    });
  }

  /** A dispatcher restarted in place: a {@code restart} event and its uptime restarts; active unchanged. */
  public void restart(String dispatcherId) {
    run("dispatcher restart", () -> {
      String id = ids.label(dispatcherId);
      lifecycleEvents.add(1, attributes(id).restart);
      startTimes.put(id, clock.instant());
    });
  }

  /** Counts one heartbeat of the dispatcher. */
  public void heartbeat(String dispatcherId) {
    run("dispatcher heartbeat", () -> heartbeats.add(1, attributes(ids.label(dispatcherId)).id));
  }

  /**
   * Records one scan of dispatcher heartbeat keys: keys scanned (added even when 0), stale
   * heartbeats found (only when positive) and the scan's duration. Negative counts are ignored.
   */
  public void scan(long keysScannedCount, long staleFound, Duration duration) {
    run("dispatcher scan", () -> {
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
    run("dispatcher takeover", () -> {
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
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      uptime.close();
      if (activeInstrument != null) {
        activeInstrument.close();
      }
      if (registry != null) {
        registry.unregister(activeCollector);
      }
    } catch (RuntimeException e) {
      LOG.warn("dispatcher metrics close failed", e);
    }
  }

  private MetricSnapshot collectActive() {
    UnknownSnapshot.Builder snapshot = UnknownSnapshot.builder().name(ACTIVE).help(ACTIVE_HELP);
    active.forEach((id, count) -> snapshot.dataPoint(UnknownDataPointSnapshot.builder()
        .labels(Labels.of("dispatcher_id", id)).value(count.get()).build()));
    return snapshot.build();
  }

  private IdAttributes attributes(String id) {
    return attributes.computeIfAbsent(id, IdAttributes::new);
  }

  private void run(String what, Runnable action) {
    if (closed.get()) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn(what + " failed", e);
    }
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
