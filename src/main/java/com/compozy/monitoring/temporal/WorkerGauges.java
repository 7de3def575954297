package com.compozy.monitoring.temporal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running and configured worker counts, collected straight into the Prometheus registry.
 *
 * <p>They bypass OpenTelemetry on purpose: the original names them
 * {@code compozy_temporal_workers_running_total} and {@code compozy_temporal_workers_configured_total},
 * and the OpenTelemetry Prometheus exporter strips {@code _total} from every non-counter, whatever
 * its translation strategy. They are typed {@code untyped} (OpenMetrics {@code unknown}), not
 * {@code gauge}: Prometheus reserves {@code _total} for counters, and {@code promtool check metrics}
 * rejects a gauge that ends in it, while these values go down. The names, which dashboards written
 * for the original query, stay as they are.
 */
final class WorkerGauges implements MultiCollector {
  static final String RUNNING = "compozy_temporal_workers_running_total";
  static final String CONFIGURED = "compozy_temporal_workers_configured_total";

  private static final MetricMetadata RUNNING_METADATA =
      new MetricMetadata(RUNNING, "Currently running workers", null);
  private static final MetricMetadata CONFIGURED_METADATA =
      new MetricMetadata(CONFIGURED, "Configured workers per instance", null);

  private final AtomicLong running = new AtomicLong();
  private final AtomicLong configured = new AtomicLong();

  void addRunning(long delta) {
    running.addAndGet(delta);
  }

  void setConfigured(long count) {
    configured.set(count);
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of(gauge(RUNNING_METADATA, running.get()),
        gauge(CONFIGURED_METADATA, configured.get()));
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(RUNNING, CONFIGURED);
  }

  private static UnknownSnapshot gauge(MetricMetadata metadata, long value) {
    return new UnknownSnapshot(metadata, List.of(new UnknownDataPointSnapshot(value, Labels.EMPTY, null)));
  }
}
