package com.compozy.monitoring.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a failure at most once a minute, with how many were suppressed: a fault in the request path
 * must neither throw nor flood the server log.
 */
final class ThrottledLog {
  private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  ThrottledLog(Class<?> owner) {
    this.logger = Logger.getLogger(owner.getName());
  }

  void warn(String what, Throwable error) {
    long now = System.nanoTime();
    long due = nextLogAt.get();
    if (now - due < 0 || !nextLogAt.compareAndSet(due, now + INTERVAL)) {
      suppressed.incrementAndGet();
      return;
    }
    logger.log(Level.WARNING, what + " (metrics for this request are lost; "
        + suppressed.getAndSet(0) + " similar failures suppressed since the last report)", error);
  }
}
