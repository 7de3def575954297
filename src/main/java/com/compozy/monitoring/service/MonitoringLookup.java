package com.compozy.monitoring.service;

import jakarta.enterprise.inject.spi.CDI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the application's {@link MonitoringService} from places CDI does not inject into, such as
 * servlets and filters that the library registers itself.
 */
public final class MonitoringLookup {
  private static final Logger LOG = Logger.getLogger(MonitoringLookup.class.getName());

  private MonitoringLookup() {}

  /** The application's service; empty, with a warning logged, when CDI cannot provide it. */
  public static Optional<MonitoringService> current() {
    try {
      return Optional.of(CDI.current().select(MonitoringService.class).get());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Monitoring service not available from CDI: {0}", e.toString());
      return Optional.empty();
    }
  }
}
