package com.compozy.monitoring.mpmetrics;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.Timer;

/** The metric types MicroProfile Metrics 5.1 has (5.0 removed ConcurrentGauge, Meter and SimpleTimer). */
enum MetricKind {
  COUNTER(Counter.class),
  GAUGE(Gauge.class),
  HISTOGRAM(Histogram.class),
  TIMER(Timer.class);

  final Class<? extends Metric> type;

  MetricKind(Class<? extends Metric> type) {
    this.type = type;
  }

  static MetricKind of(Metric metric) {
    for (MetricKind kind : values()) {
      if (kind.type.isInstance(metric)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Not a MicroProfile Metrics 5.1 metric: " + metric);
  }
}
