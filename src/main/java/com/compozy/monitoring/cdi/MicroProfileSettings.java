package com.compozy.monitoring.cdi;

import com.compozy.monitoring.config.MonitoringConfig;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The application's {@code monitoring.*} settings from MicroProfile Config, parsed by
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
    Config config;
    try {
      config = ConfigProvider.getConfig(application);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "MicroProfile Config is not available (enable mpConfig on the server): " + e, e);
    }
    return key -> config.getOptionalValue(key, String.class).orElse(null);
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
