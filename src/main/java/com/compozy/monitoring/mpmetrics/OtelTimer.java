package com.compozy.monitoring.mpmetrics;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

/** A timer: nanoseconds in the Java API, seconds in the exported histogram. */
final class OtelTimer implements Timer {
  private static final double NANOS_TO_SECONDS = 1e-9;

  private final Distribution distribution;

  OtelTimer(Distribution distribution) {
    this.distribution = distribution;
  }

  @Override
  public void update(Duration duration) {
    if (duration != null && !duration.isNegative()) {
      record(duration.toNanos());
    }
  }

  void record(long nanos) {
    distribution.record(nanos, NANOS_TO_SECONDS);
  }

  @Override
  public <T> T time(Callable<T> event) throws Exception {
    long start = System.nanoTime();
    try {
      return event.call();
    } finally {
      record(System.nanoTime() - start);
    }
  }

  @Override
  public void time(Runnable event) {
    long start = System.nanoTime();
    try {
      event.run();
    } finally {
      record(System.nanoTime() - start);
    }
  }

  @Override
  public Context time() {
    long start = System.nanoTime();
    return new Context() {
      private boolean stopped;

      @Override
      public synchronized long stop() {
        long elapsed = System.nanoTime() - start;
        if (!stopped) {
          stopped = true;
          record(elapsed);
        }
        return elapsed;
      }

      @Override
      public void close() {
        stop();
      }
    };
  }

  @Override
  public Duration getElapsedTime() {
    return Duration.ofNanos(distribution.sum());
  }

  @Override
  public long getCount() {
    return distribution.count();
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
    return "Timer{count=" + getCount() + ", elapsed=" + getElapsedTime() + "}";
  }
}
