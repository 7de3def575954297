package com.compozy.monitoring.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Internal, not API. Logs a recording failure at WARNING at most once a minute, with how many were
 * suppressed, and the others at FINE: instrumentation must neither throw nor flood the server log.
 */
public final class ThrottledLog {
  private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final AtomicLong nextWarningAt = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  public ThrottledLog(Logger logger) {
    this.logger = logger;
  }

  public ThrottledLog(Class<?> owner) {
    this(Logger.getLogger(owner.getName()));
  }

  public void warn(String what, Throwable error) {
    long now = System.nanoTime();
    long due = nextWarningAt.get();
    if (now - due < 0 || !nextWarningAt.compareAndSet(due, now + INTERVAL)) {
      suppressed.incrementAndGet();
      logger.log(Level.FINE, what, error);
      return;
    }
    logger.log(Level.WARNING, "Monitoring: " + what + " (" + suppressed.getAndSet(0)
        + " similar failures since the last warning; further ones within a minute are logged at FINE)", error);
  }
}
