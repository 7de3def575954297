package com.compozy.monitoring.mpmetrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a timer or histogram keeps beside its OpenTelemetry histogram: count, sum and max for the
 * Java API ({@code getCount}, {@code getSum}, {@code getSnapshot}). After {@code remove} it stops
 * recording into OpenTelemetry: a synchronous histogram cannot drop a series, so the removed one
 * stays in the scrape with its last values.
 */
final class Distribution {
  private final DoubleHistogram histogram;
  private final Attributes attributes;
  private final LongAdder count = new LongAdder();
  private final LongAdder sum = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);
  private volatile boolean registered = true;

  Distribution(DoubleHistogram histogram, Attributes attributes) {
    this.histogram = histogram;
    this.attributes = attributes;
  }

  /** Records {@code value}, exported as {@code value * scale} (nanoseconds to seconds for timers). */
  void record(long value, double scale) {
    count.increment();
    sum.add(value);
    max.accumulate(value);
    if (registered) {
      histogram.record(value * scale, attributes);
    }
  }

  void unregister() {
    registered = false;
  }

  long count() {
    return count.sum();
  }

  long sum() {
    return sum.sum();
  }

  Snapshot snapshot() {
    long n = count.sum();
    return n == 0 ? new Snapshot(0, 0, 0) : new Snapshot(n, max.get(), (double) sum.sum() / n);
  }

  /**
   * Count, max and mean; no percentiles and no buckets, because the quantiles are Prometheus'
   * job here ({@code histogram_quantile} over the exported buckets).
   */
  static final class Snapshot extends org.eclipse.microprofile.metrics.Snapshot {
    private final long size;
    private final double max;
    private final double mean;

    Snapshot(long size, double max, double mean) {
      this.size = size;
      this.max = max;
      this.mean = mean;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public double getMax() {
      return max;
    }

    @Override
    public double getMean() {
      return mean;
    }

    @Override
    public PercentileValue[] percentileValues() {
      return new PercentileValue[0];
    }

    @Override
    public HistogramBucket[] bucketValues() {
      return new HistogramBucket[0];
    }

    @Override
    public void dump(java.io.OutputStream output) {
      java.io.PrintWriter out = new java.io.PrintWriter(
          new java.io.OutputStreamWriter(output, java.nio.charset.StandardCharsets.UTF_8));
      out.printf("size=%d max=%s mean=%s%n", size, max, mean);
      out.flush();
    }
  }
}
