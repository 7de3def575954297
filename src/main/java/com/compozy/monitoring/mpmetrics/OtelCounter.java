package com.compozy.monitoring.mpmetrics;

import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Counter;

/**
 * A counter read by its family's observable OpenTelemetry counter at each collection, so that
 * {@code remove} takes its series out of the scrape (a synchronous OpenTelemetry counter keeps every
 * series it ever had) and an increment costs one {@code LongAdder} add.
 */
final class OtelCounter implements Counter {
  private final LongAdder count = new LongAdder();

  @Override
  public void inc() {
    count.increment();
  }

  /** Non-positive increments are ignored: a counter only goes up, and a negative one would read as a reset. */
  @Override
  public void inc(long n) {
    if (n > 0) {
      count.add(n);
    }
  }

  @Override
  public long getCount() {
    return count.sum();
  }

  @Override
  public String toString() {
    return "Counter{" + getCount() + "}";
  }
}
