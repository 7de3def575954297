package com.compozy.monitoring.cdi;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Optional;

/**
 * Finds the application's {@link MonitoringService} for the servlet and filter that the library
 * registers itself, which CDI does not inject into.
 */
final class MonitoringLookup {
  private static final ThrottledLog LOG = new ThrottledLog(MonitoringLookup.class);

  private MonitoringLookup() {}

  /** The application's service; empty, with a warning logged, when CDI cannot provide it. */
  static Optional<MonitoringService> current() {
    try {
      return Optional.of(CDI.current().select(MonitoringService.class).get());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Monitoring service not available from CDI", e);
      return Optional.empty();
    }
  }
}
