package com.compozy.monitoring.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one {@code java.util.logging} logger logs, FINE included, while open.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(DispatcherMetrics.class)) {
 *   ...
 *   assertThat(log.at(Level.WARNING)).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final List<LogRecord> records = new ArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    this.previousLevel = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Captures the logger named after {@code owner}, the one {@code ThrottledLog(owner)} uses. */
  public static LogCapture of(Class<?> owner) {
    return new LogCapture(Logger.getLogger(owner.getName()));
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  public synchronized List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The records of exactly {@code level}. */
  public synchronized List<LogRecord> at(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level)).toList();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
