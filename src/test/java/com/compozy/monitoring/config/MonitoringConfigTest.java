package com.compozy.monitoring.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The original's config_test, in Java, plus the rules this library tightens. */
class MonitoringConfigTest {

  private static MonitoringConfig config(boolean enabled, String path) {
    return MonitoringConfig.builder().enabled(enabled).path(path).build();
  }

  @Test
  void defaultsAreDisabledAtSlashMetrics() {
    assertThat(MonitoringConfig.defaults().enabled()).isFalse();
    assertThat(MonitoringConfig.defaults().path()).isEqualTo("/metrics");
  }

  @Nested
  class LoadWithEnv {
    private final Map<String, String> env = new HashMap<>();

    private MonitoringConfig load(MonitoringConfig base) {
      return MonitoringConfig.loadWithEnv(base, env::get);
    }

    @Test
    void nullBaseGivesDefaults() {
      assertThat(load(null)).isEqualTo(MonitoringConfig.defaults());
    }

    @Test
    void usesTheApplicationValues() {
      assertThat(load(config(true, "/custom"))).isEqualTo(config(true, "/custom"));
    }

    @Test
    void emptyApplicationPathGivesTheDefaultPath() {
      assertThat(load(config(true, "")).path()).isEqualTo("/metrics");
    }

    @ParameterizedTest
    @CsvSource({"true,false,true", "false,true,false", "TRUE,false,true", "True,false,true", "1,false,true",
        "FALSE,true,false", "False,true,false", "0,true,false", "yes,false,true", "No,true,false",
        "ON,false,true", "off,true,false", " true ,false,true"})
    void enabledFromEnvironmentOverridesTheApplication(String value, boolean base, boolean expected) {
      env.put("MONITORING_ENABLED", value);
      assertThat(load(config(base, "/metrics")).enabled()).isEqualTo(expected);
    }

    @Test
    void emptyEnabledVariableIsIgnored() {
      env.put("MONITORING_ENABLED", "");
      assertThat(load(config(true, "/metrics")).enabled()).isTrue();
    }

    @Test
    void invalidBooleanIsAnErrorNamingVariableAndValue() {
      // the original silently keeps the earlier value; a typo must not switch monitoring off unnoticed
      env.put("MONITORING_ENABLED", "not-a-bool");
      assertThatThrownBy(() -> load(config(true, "/metrics")))
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessage("invalid monitoring configuration: MONITORING_ENABLED must be one of"
              + " true/false, 1/0, yes/no, on/off: got 'not-a-bool'");
    }

    @Test
    void pathFromEnvironmentOverridesAndIsTrimmed() {
      env.put("MONITORING_PATH", "  /env/metrics ");
      assertThat(load(config(false, "/yaml")).path()).isEqualTo("/env/metrics");
    }

    @Test
    void bothVariablesOverrideBothFields() {
      env.put("MONITORING_ENABLED", "true");
      env.put("MONITORING_PATH", "/both");
      assertThat(load(config(false, "/yaml"))).isEqualTo(config(true, "/both"));
    }

    @Test
    void whitespaceOnlyPathFailsValidation() {
      env.put("MONITORING_PATH", "   ");
      assertThatThrownBy(() -> load(null))
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessage("invalid monitoring configuration: monitoring path cannot be empty");
    }

    @Test
    void invalidPathIsWrapped() {
      env.put("MONITORING_PATH", "/api/metrics");
      assertThatThrownBy(() -> load(null))
          .hasMessage("invalid monitoring configuration: monitoring path cannot be under /api/: got /api/metrics");
    }
  }

  @Nested
  class Validate {
    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/custom/metrics", "/monitoring/metrics", "/custom-metrics", "/m",
        "/health/metrics", "/api", "/API/x", "/apix", "/a#b", "//double"})
    void accepts(String path) {
      config(true, path).validate();
      config(false, path).validate();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|monitoring path cannot be empty",
        "metrics|monitoring path must start with '/': got metrics",
        "/api/metrics|monitoring path cannot be under /api/: got /api/metrics",
        "/metrics?format=json|monitoring path cannot contain query parameters: got /metrics?format=json",
        "/|monitoring path cannot be /: it would take every request the application has no other mapping for;"
            + " use an exact path such as /metrics",
        "/*|monitoring path must be an exact path such as /metrics, not a wildcard or extension pattern: got /*",
        "/metrics/*|monitoring path must be an exact path such as /metrics, not a wildcard or extension pattern:"
            + " got /metrics/*",
        "*.prom|monitoring path must be an exact path such as /metrics, not a wildcard or extension pattern:"
            + " got *.prom",
        "/metrics/*.prom|monitoring path must be an exact path such as /metrics, not a wildcard or extension"
            + " pattern: got /metrics/*.prom"})
    void rejectsWithAMessageNamingTheValue(String path, String message) {
      assertThatThrownBy(() -> config(false, path).validate())
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessage(message);
    }

    @Test
    void nullPathCountsAsEmpty() {
      assertThatThrownBy(() -> config(true, null).validate()).hasMessage("monitoring path cannot be empty");
    }

    @Test
    void pathIsTrimmedBeforeValidation() {
      MonitoringConfig config = config(true, " \t/metrics \n");
      config.validate();
      assertThat(config.path()).isEqualTo("/metrics");
    }
  }

  @Nested
  class FromMicroProfileConfig {
    private static MonitoringConfig read(Map<String, String> env, Map<String, String> war) {
      SmallRyeConfig config = new SmallRyeConfigBuilder()
          .withSources(new EnvConfigSource(env, 300))
          .withSources(new PropertiesConfigSource(war, "microprofile-config.properties", 100))
          .build();
      return MonitoringConfig.fromSource(key -> config.getOptionalValue(key, String.class).orElse(null));
    }

    @Test
    void readsTheWarsProperties() {
      assertThat(read(Map.of(), Map.of("monitoring.enabled", "true", "monitoring.path", "/custom/metrics")))
          .isEqualTo(config(true, "/custom/metrics"));
    }

    @Test
    void environmentVariablesWinOverTheWar() {
      assertThat(read(Map.of("MONITORING_ENABLED", "false", "MONITORING_PATH", "/env/metrics"),
              Map.of("monitoring.enabled", "true", "monitoring.path", "/war/metrics")))
          .isEqualTo(config(false, "/env/metrics"));
    }

    @Test
    void missingKeysKeepTheDefaults() {
      assertThat(read(Map.of(), Map.of())).isEqualTo(MonitoringConfig.defaults());
    }

    @Test
    void invalidBooleanNamesTheKey() {
      assertThatThrownBy(() -> read(Map.of("MONITORING_ENABLED", "enabled"), Map.of()))
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessage("monitoring.enabled must be one of true/false, 1/0, yes/no, on/off: got 'enabled'");
    }

    @Test
    void readsTheHttpSettingsWithTheirDefaults() {
      assertThat(read(Map.of(), Map.of()).httpEnabled()).isTrue();
      assertThat(read(Map.of(), Map.of()).httpConventions()).isEqualTo(MonitoringConfig.HttpConventions.COMPOZY);

      MonitoringConfig config = read(Map.of("MONITORING_HTTP_CONVENTIONS", " Both "),
          Map.of("monitoring.http.conventions", "otel", "monitoring.http.enabled", "off"));

      assertThat(config.httpConventions()).isEqualTo(MonitoringConfig.HttpConventions.BOTH);
      assertThat(config.httpEnabled()).isFalse();
      assertThat(config.toString()).contains("http off", "http conventions both");
      assertThat(read(Map.of(), Map.of("monitoring.http.conventions", "otel")).httpConventions())
          .isEqualTo(MonitoringConfig.HttpConventions.OTEL);
    }

    @Test
    void invalidHttpSettingsNameTheKey() {
      assertThatThrownBy(() -> read(Map.of(), Map.of("monitoring.http.conventions", "semconv")))
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessage("monitoring.http.conventions must be one of compozy, otel, both: got 'semconv'");
      assertThatThrownBy(() -> read(Map.of("MONITORING_HTTP_ENABLED", "nope"), Map.of()))
          .isInstanceOf(InvalidMonitoringConfigException.class)
          .hasMessageStartingWith("monitoring.http.enabled must be one of");
    }

    @Test
    void readsTheScrapeSettings() {
      MonitoringConfig config = read(Map.of("MONITORING_AUTH_TOKEN", " s3cret "), Map.of("monitoring.enabled", "true",
          "monitoring.histograms.native", "yes", "monitoring.auth.role", " metrics-reader "));

      assertThat(config.nativeHistograms()).isTrue();
      assertThat(config.authRole()).hasValue("metrics-reader");
      assertThat(config.authToken()).hasValue("s3cret");
      assertThat(config.toString()).contains("native histograms", "role metrics-reader", "token")
          .doesNotContain("s3cret");
    }

    @Test
    void scrapeSettingsDefaultToClassicAndOpen() {
      MonitoringConfig config = read(Map.of(), Map.of("monitoring.auth.role", " ", "monitoring.auth.token", ""));

      assertThat(config.nativeHistograms()).isFalse();
      assertThat(config.authRole()).isEmpty();
      assertThat(config.authToken()).isEmpty();
    }

    @Test
    void invalidNativeHistogramsSwitchNamesTheKey() {
      assertThatThrownBy(() -> read(Map.of(), Map.of("monitoring.histograms.native", "sometimes")))
          .hasMessage("monitoring.histograms.native must be one of true/false, 1/0, yes/no, on/off: got 'sometimes'");
    }

    @Test
    void tracingIsOffUnlessSwitchedOnAndTheEnvironmentWins() {
      assertThat(read(Map.of(), Map.of()).tracingEnabled()).isFalse();
      assertThat(read(Map.of(), Map.of("monitoring.tracing.enabled", "true")).tracingEnabled()).isTrue();
      MonitoringConfig config = read(Map.of("MONITORING_TRACING_ENABLED", "on"), Map.of("monitoring.tracing.enabled", "false"));
      assertThat(config.tracingEnabled()).isTrue();
      assertThat(config.toString()).contains(", tracing");
      assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void invalidTracingSwitchNamesTheKey() {
      assertThatThrownBy(() -> read(Map.of("MONITORING_TRACING_ENABLED", "maybe"), Map.of()))
          .hasMessage("monitoring.tracing.enabled must be one of true/false, 1/0, yes/no, on/off: got 'maybe'");
    }

    @Test
    void invalidPathIsRejected() {
      assertThatThrownBy(() -> read(Map.of(), Map.of("monitoring.path", "metrics")))
          .hasMessage("monitoring path must start with '/': got metrics");
    }
  }
}
