package com.compozy.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.InvalidMonitoringConfigException;
import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original's monitoring_test, in Java, plus the Java lifecycle rules. */
class MonitoringServiceTest {
  private static final MonitoringConfig ENABLED = MonitoringConfig.builder().enabled(true).build();

  private MonitoringService service;

  @AfterEach
  void shutdown() {
    if (service != null) {
      service.shutdown();
    }
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void nullConfigGivesADisabledServiceWithTheDefaults() {
    service = MonitoringService.create(null);

    assertThat(service.isInitialized()).isFalse();
    assertThat(service.initializationError()).isEmpty();
    assertThat(service.config()).isEqualTo(MonitoringConfig.defaults());
  }

  @Test
  void keepsTheDisabledConfigItWasGiven() {
    MonitoringConfig config = MonitoringConfig.builder().path("/custom").build();

    service = MonitoringService.create(config);

    assertThat(service.config()).isSameAs(config);
    assertThat(service.isInitialized()).isFalse();
  }

  @Test
  void disabledServiceIsANoOpThatStillHandsOutAMeter() {
    service = MonitoringService.create(MonitoringConfig.defaults());

    assertThat(service.prometheusRegistry()).isEmpty();
    assertThat(service.meter()).isNotNull();
    service.meter().counterBuilder("compozy_ignored").build().add(1);
    assertThat(service.openTelemetry()).isSameAs(OpenTelemetry.noop());
    assertThat(service).hasToString("MonitoringService{disabled, MonitoringConfig{enabled=false, path=/metrics}}");
  }

  @Test
  void enabledWithAnEmptyPathIsRejected() {
    MonitoringConfig config = MonitoringConfig.builder().enabled(true).path("").build();

    assertThatThrownBy(() -> MonitoringService.create(config))
        .isInstanceOf(InvalidMonitoringConfigException.class)
        .hasMessageContaining("monitoring path cannot be empty");
  }

  @Test
  void invalidConfigIsRejectedEvenWhenDisabled() {
    MonitoringConfig config = MonitoringConfig.builder().enabled(false).path("metrics").build();

    assertThatThrownBy(() -> MonitoringService.create(config)).isInstanceOf(InvalidMonitoringConfigException.class);
  }

  @Test
  void enabledServiceRecordsIntoItsRegistry() {
    service = MonitoringService.create(ENABLED);
    service.meter().counterBuilder("compozy_orders").setDescription("Orders taken").build().add(2);

    assertThat(service.isInitialized()).isTrue();
    assertThat(service.initializationError()).isEmpty();
    assertThat(Scrape.text(service))
        .contains("# HELP compozy_orders_total Orders taken\n")
        .contains("compozy_orders_total 2.0\n");
  }

  @Test
  void eachServiceHasItsOwnRegistry() {
    service = MonitoringService.create(ENABLED);
    MonitoringService other = MonitoringService.create(ENABLED);
    try {
      other.meter().counterBuilder("compozy_other_only").setDescription("d").build().add(1);

      assertThat(Scrape.text(other)).contains("compozy_other_only_total 1.0");
      assertThat(Scrape.text(service)).doesNotContain("compozy_other_only");
    } finally {
      other.shutdown();
    }
  }

  @Test
  void serviceNameDefaultsToTheGivenApplicationName() {
    service = MonitoringService.builder().config(ENABLED).defaultServiceName("orders").build();
    service.meter().counterBuilder("compozy_x").setDescription("d").build().add(1);

    assertThat(Scrape.text(service)).containsPattern("target_info\\{.*service_name=\"orders\".*\\} 1");
  }

  @Test
  void shutdownIsIdempotentForEveryKindOfService() {
    MonitoringService enabled = MonitoringService.create(ENABLED);
    MonitoringService disabled = MonitoringService.create(null);
    MonitoringService degraded = MonitoringService.createWithFallback(MonitoringConfig.builder().path("x").build());

    for (int i = 0; i < 2; i++) {
      enabled.shutdown();
      disabled.shutdown();
      degraded.shutdown();
    }
    assertThat(enabled.isInitialized()).isTrue();
  }

  @Test
  void fallbackWithAValidConfigIsInitialized() {
    service = MonitoringService.createWithFallback(ENABLED);

    assertThat(service.isInitialized()).isTrue();
    assertThat(service.initializationError()).isEmpty();
  }

  @Test
  void fallbackWithAnInvalidConfigDegradesToANoOpWithTheError() {
    MonitoringConfig invalid = MonitoringConfig.builder().enabled(true).path("invalid-path").build();

    service = MonitoringService.createWithFallback(invalid);

    assertThat(service.isInitialized()).isFalse();
    assertThat(service.initializationError()).hasValueSatisfying(error -> assertThat(error)
        .isInstanceOf(InvalidMonitoringConfigException.class)
        .hasMessage("monitoring path must start with '/': got invalid-path"));
    assertThat(service.config()).isSameAs(invalid);
    service.meter().histogramBuilder("compozy_ignored").build().record(1.5);
    assertThat(service.prometheusRegistry()).isEmpty();
    assertThat(service.toString()).startsWith("MonitoringService{degraded");
  }

  @Test
  void fallbackWithANullConfigIsDisabledWithoutError() {
    service = MonitoringService.createWithFallback(null);

    assertThat(service.isInitialized()).isFalse();
    assertThat(service.initializationError()).isEmpty();
  }

  @Test
  void fallbackCatchesAConfigSourceThatCannotBeRead() {
    service = MonitoringService.builder()
        .configSource(key -> key.equals(MonitoringConfig.ENABLED_KEY) ? "sometimes" : null)
        .buildWithFallback();

    assertThat(service.isInitialized()).isFalse();
    assertThat(service.initializationError()).hasValueSatisfying(error ->
        assertThat(error).hasMessage("monitoring.enabled must be one of true/false, 1/0, yes/no, on/off: got 'sometimes'"));
  }

  @Test
  void setAsGlobalInstallsAnInitializedServiceOnce() {
    service = MonitoringService.create(ENABLED);
    MonitoringService second = MonitoringService.create(ENABLED);
    try {
      assertThat(service.setAsGlobal()).isTrue();
      assertThat(second.setAsGlobal()).isFalse();
      GlobalOpenTelemetry.getMeter("compozy").counterBuilder("compozy_through_global").setDescription("d").build().add(1);

      assertThat(Scrape.text(service)).contains("compozy_through_global_total 1.0");
    } finally {
      second.shutdown();
    }
  }

  @Test
  void setAsGlobalDoesNothingForADisabledService() {
    service = MonitoringService.create(null);

    assertThat(service.setAsGlobal()).isFalse();
    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
  }

  @Test
  void versionClashNamesBothVersionsAndTheFixForEachServer() {
    assertThatThrownBy(() -> OtelCompatibility.requireVersion(OpenTelemetry.class, "1.0.0"))
        .isInstanceOf(MonitoringInitializationException.class)
        .hasMessageStartingWith("OpenTelemetry version clash: this library needs 1.0.0 but"
            + " io.opentelemetry.api.OpenTelemetry is 1.66.0 from ")
        .hasMessageContaining("WEB-INF/glassfish-web.xml with <class-loader delegate=\"false\"/>")
        .hasMessageContaining("<classloader delegation=\"parentLast\"/>");
  }

  @Test
  void linkageErrorsAreExplainedTheSameWay() {
    assertThat(OtelCompatibility.linkageFailure(new NoSuchMethodError("io.opentelemetry.Foo.bar()")))
        .hasMessageContaining("NoSuchMethodError: io.opentelemetry.Foo.bar()")
        .hasMessageContaining("glassfish-web.xml");
  }

  @Test
  void builtWithTheOpenTelemetryVersionOnTheClasspath() {
    assertThat(OtelCompatibility.BUILT_WITH).isEqualTo("1.66.0");
    OtelCompatibility.check();
  }
}
