package com.compozy.monitoring.cdi;

import com.compozy.monitoring.config.MonitoringConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The application's {@code monitoring.*} and {@code otel.*} settings from MicroProfile Config, parsed by
 * {@link MonitoringConfig#fromSource} and nowhere else. The servlet container initializer and the
 * CDI bootstrap both ask, because a runtime may start either first (Payara starts CDI first).
 */
final class MicroProfileSettings {
  private MicroProfileSettings() {}

  /**
   * The application's config as a key-value source.
   *
   * @throws IllegalStateException when the server has no MicroProfile Config
   */
  static Function<String, String> source(ClassLoader application) {
    Config config = config(application);
    return key -> config.getOptionalValue(key, String.class).orElse(null);
  }

  /**
   * Every {@code otel.*} setting the application's config knows, for the SDK's autoconfigure, as
   * MicroProfile Telemetry reads them. {@code OTEL_*} environment variables need no listing:
   * autoconfigure reads them itself, above these, as MicroProfile Config ranks them.
   *
   * @throws IllegalStateException when the server has no MicroProfile Config
   */
  static Map<String, String> otelProperties(ClassLoader application) {
    Config config = config(application);
    Map<String, String> properties = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("otel.")) {
        try {
          config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
        } catch (RuntimeException unreadable) {
          // an expression MicroProfile Config cannot expand: autoconfigure then uses its default
        }
      }
    }
    return properties;
  }

  private static Config config(ClassLoader application) {
    try {
      return ConfigProvider.getConfig(application);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "MicroProfile Config is not available (enable mpConfig on the server): " + e, e);
    }
  }

  /**
   * The application's settings, validated.
   *
   * @throws IllegalStateException when the server has no MicroProfile Config
   * @throws com.compozy.monitoring.config.InvalidMonitoringConfigException naming the bad setting
   */
  static MonitoringConfig read(ClassLoader application) {
    return MonitoringConfig.fromSource(source(application));
  }
}
