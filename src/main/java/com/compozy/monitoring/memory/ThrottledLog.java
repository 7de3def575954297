package com.compozy.monitoring.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a recurring instrumentation failure at most once a minute per kind: a broken metric must
 * not flood the application's log on every request.
 */
final class ThrottledLog {
  private static final long INTERVAL_NANOS = 60_000_000_000L;

  private final Logger logger;
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  ThrottledLog(Logger logger) {
    this.logger = logger;
  }

  void warn(String kind, Throwable error) {
    long now = System.nanoTime();
    Long previous = lastLogged.get(kind);
    if (previous != null && now - previous < INTERVAL_NANOS) {
      return;
    }
    lastLogged.put(kind, now);
    logger.log(Level.WARNING, "Monitoring: " + kind + " (repeats suppressed for a minute)", error);
  }
}
