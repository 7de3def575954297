package com.compozy.monitoring.temporal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a recording failure at WARNING at most once per interval and at FINE otherwise: a broken
 * meter sees every workflow and activity, and must not flood the application's log.
 */
final class ThrottledLog {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final AtomicLong nextWarningAt = new AtomicLong(Long.MIN_VALUE);

  ThrottledLog(Logger logger) {
    this.logger = logger;
  }

  void failure(String what, Throwable cause) {
    long now = System.nanoTime();
    long next = nextWarningAt.get();
    boolean warn = (next == Long.MIN_VALUE || now - next >= 0)
        && nextWarningAt.compareAndSet(next, now + INTERVAL_NANOS);
    logger.log(warn ? Level.WARNING : Level.FINE,
        "Temporal metrics could not record " + what + " (further failures within a minute are logged at FINE)",
        cause);
  }
}
