package com.compozy.monitoring.internal;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.function.Consumer;

/**
 * Internal, not API. A gauge served from the Prometheus registry directly, under exactly the
 * original's name: OpenTelemetry's Prometheus exporter strips {@code _total} and {@code _info} from
 * non-counters, which would rename {@code compozy_system_build_info},
 * {@code compozy_dispatcher_active_total} and the Temporal worker gauges. Names ending in
 * {@code _total} are served {@linkplain #untyped untyped} (OpenMetrics {@code unknown}): their
 * values go down, and {@code promtool check metrics} rejects a gauge with a counter's suffix.
 *
 * <pre>{@code
 * AutoCloseable active = RegistryGauge.untyped("compozy_dispatcher_active_total", "Currently active dispatchers",
 *     points -> counts.forEach((id, n) -> points.add(n.get(), "dispatcher_id", id)))
 *     .registerIn(registry);
 * }</pre>
 */
public final class RegistryGauge implements Collector {
  /** Receives the data points of one collection. */
  public interface Points {
    /** One data point; {@code labels} alternate names and values. */
    void add(double value, String... labels);
  }

  private final String name;
  private final String help;
  private final boolean untyped;
  private final Consumer<Points> points;
  private final GuardedRecorder guard = new GuardedRecorder(RegistryGauge.class);

  private RegistryGauge(String name, String help, boolean untyped, Consumer<Points> points) {
    this.name = name;
    this.help = help;
    this.untyped = untyped;
    this.points = points;
  }

  public static RegistryGauge gauge(String name, String help, Consumer<Points> points) {
    return new RegistryGauge(name, help, false, points);
  }

  public static RegistryGauge untyped(String name, String help, Consumer<Points> points) {
    return new RegistryGauge(name, help, true, points);
  }

  /** Registers in {@code registry} (nothing when null); closing the result unregisters. */
  public AutoCloseable registerIn(PrometheusRegistry registry) {
    if (registry == null) {
      return () -> {};
    }
    registry.register(this);
    return () -> registry.unregister(this);
  }

  @Override
  public String getPrometheusName() {
    return name;
  }

  @Override
  public MetricSnapshot collect() {
    if (untyped) {
      UnknownSnapshot.Builder snapshot = UnknownSnapshot.builder().name(name).help(help);
      guard.run("collecting " + name, () -> points.accept((value, labels) -> snapshot.dataPoint(
          UnknownDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build())));
      return snapshot.build();
    }
    GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name(name).help(help);
    guard.run("collecting " + name, () -> points.accept((value, labels) -> snapshot.dataPoint(
        GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build())));
    return snapshot.build();
  }
}
