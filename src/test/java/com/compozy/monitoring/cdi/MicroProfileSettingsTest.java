package com.compozy.monitoring.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroProfileSettingsTest {
  private final ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());

  @AfterEach
  void forget() {
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.releaseConfig(resolver.getConfig(application));
  }

  @Test
  void handsEveryOtelKeyToAutoconfigureWithTheValueMicroProfileConfigResolves() {
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .withSources(new EnvConfigSource(Map.of("OTEL_TRACES_SAMPLER", "always_off",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"), 300))
        .withSources(new PropertiesConfigSource(Map.of("otel.exporter.otlp.endpoint", "http://war:4318",
            "otel.service.name", "orders", "monitoring.tracing.enabled", "true"),
            "microprofile-config.properties", 100))
        .build();
    ConfigProviderResolver.instance().registerConfig(config, application);

    // the value MicroProfile Config resolves (the environment wins over the WAR), for every otel.*
    // name it lists (SmallRye lists environment variables under their dotted names too); the
    // monitoring.* keys are not OpenTelemetry's
    assertThat(MicroProfileSettings.otelProperties(application)).containsExactly(
        Map.entry("otel.exporter.otlp.endpoint", "http://env:4318"),
        Map.entry("otel.service.name", "orders"),
        Map.entry("otel.traces.sampler", "always_off"));
  }
}
