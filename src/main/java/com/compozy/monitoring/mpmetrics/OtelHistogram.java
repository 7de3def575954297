package com.compozy.monitoring.mpmetrics;

import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Snapshot;

/** A histogram of the values the application reports, in the metric's own unit. */
final class OtelHistogram implements Histogram {
  private final Distribution distribution;

  OtelHistogram(Distribution distribution) {
    this.distribution = distribution;
  }

  @Override
  public void update(int value) {
    update((long) value);
  }

  @Override
  public void update(long value) {
    distribution.record(value, 1.0);
  }

  @Override
  public long getCount() {
    return distribution.count();
  }

  @Override
  public long getSum() {
    return distribution.sum();
  }

  @Override
  public Snapshot getSnapshot() {
    return distribution.snapshot();
  }

  Distribution distribution() {
    return distribution;
  }

  @Override
  public String toString() {
    return "Histogram{count=" + getCount() + ", sum=" + getSum() + "}";
  }
}
