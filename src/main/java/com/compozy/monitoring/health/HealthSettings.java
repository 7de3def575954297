package com.compozy.monitoring.health;

import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The health checks' one setting, read here until it moves into {@code MonitoringConfig}.
 * {@value #REQUIRED_KEY} (default false): when true, readiness goes DOWN if monitoring is not
 * running.
 */
final class HealthSettings {
  static final String REQUIRED_KEY = "monitoring.required";

  private static final Logger LOG = Logger.getLogger(HealthSettings.class.getName());

  private HealthSettings() {}

  /** Reads the setting from MicroProfile Config; false when that is unavailable. */
  static boolean requiredFromMicroProfileConfig() {
    try {
      Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
      return required(key -> config.getOptionalValue(key, String.class).orElse(null));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Cannot read " + REQUIRED_KEY + " from MicroProfile Config; using false", e);
      return false;
    }
  }

  /**
   * Accepts true/false, 1/0, yes/no and on/off in any case. An unreadable value keeps the default
   * with a warning rather than failing the health endpoint.
   */
  static boolean required(Function<String, String> source) {
    String raw = source.apply(REQUIRED_KEY);
    if (raw == null || raw.isBlank()) {
      return false;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "yes": case "on":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        LOG.log(Level.WARNING, "{0} must be true or false: got ''{1}''; using false",
            new Object[] {REQUIRED_KEY, raw});
        return false;
    }
  }
}
