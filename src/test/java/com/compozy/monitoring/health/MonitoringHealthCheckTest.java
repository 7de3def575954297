package com.compozy.monitoring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class MonitoringHealthCheckTest {
  private static final MonitoringConfig ENABLED = MonitoringConfig.builder().enabled(true).build();
  private static final MonitoringConfig INVALID = MonitoringConfig.builder().enabled(true).path("nope").build();

  @Test
  void enabledServiceIsUpAndReportsItsState() {
    MonitoringService service = MonitoringService.create(ENABLED);
    try {
      HealthCheckResponse response = new MonitoringHealthCheck(service).call();
      assertThat(response.getName()).isEqualTo("monitoring");
      assertThat(response.getStatus()).isEqualTo(Status.UP);
      assertThat(response.getData().orElseThrow())
          .containsExactly(Map.entry("enabled", true), Map.entry("initialized", true),
              Map.entry("required", false));
    } finally {
      service.shutdown();
    }
  }

  @Test
  void whatElseRecordsHttpMetricsIsReportedWhenTheContainerWasAsked() {
    MonitoringService service = MonitoringService.create(ENABLED);
    try {
      HealthCheckResponse response =
          new MonitoringHealthCheck(service, "Open Liberty mpTelemetry 2 (runtime level)").call();
      assertThat(response.getStatus()).isEqualTo(Status.UP);
      assertThat(response.getData().orElseThrow()).containsExactly(Map.entry("enabled", true),
          Map.entry("initialized", true), Map.entry("required", false),
          Map.entry("runtimeHttpMetrics", "Open Liberty mpTelemetry 2 (runtime level)"));
    } finally {
      service.shutdown();
    }
  }

  @Test
  void anInvalidConventionIsReportedByItsKey() {
    MonitoringService degraded = MonitoringService.builder().configSource(
        Map.of(MonitoringConfig.ENABLED_KEY, "true", MonitoringConfig.HTTP_CONVENTIONS_KEY, "otel2")::get)
        .buildWithFallback();

    Map<String, Object> data = new MonitoringHealthCheck(degraded, "none").call().getData().orElseThrow();

    assertThat(data).containsEntry("reason", "invalid_config").containsEntry("key", "monitoring.http.conventions")
        .containsEntry("runtimeHttpMetrics", "none");
    assertThat(data.values()).noneMatch(v -> v.toString().contains("otel2"));
  }

  @Test
  void degradedServiceStaysUpWithTheErrorAsData() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID);

    HealthCheckResponse response = new MonitoringHealthCheck(degraded).call();

    assertThat(response.getStatus()).isEqualTo(Status.UP);
    Map<String, Object> data = response.getData().orElseThrow();
    // the degraded service keeps the config it was given, as the original does
    assertThat(data).containsEntry("initialized", false).containsEntry("enabled", true);
    assertThat(data).containsEntry("reason", "invalid_config").containsEntry("key", "monitoring.path")
        .containsEntry("error", "invalid monitoring configuration; the server log names the value");
    assertThat(data.values()).noneMatch(v -> v.toString().contains("nope"));
  }

  @Test
  void anInvalidValueIsReportedByItsKeyNeverByItsValue() {
    MonitoringService degraded = MonitoringService.builder()
        .configSource(Map.of(MonitoringConfig.ENABLED_KEY, "s3cr3t-typo")::get).buildWithFallback();

    Map<String, Object> data = new MonitoringHealthCheck(degraded).call().getData().orElseThrow();

    assertThat(data).containsExactly(Map.entry("enabled", false), Map.entry("initialized", false),
        Map.entry("required", false), Map.entry("reason", "invalid_config"),
        Map.entry("error", "invalid monitoring configuration; the server log names the value"),
        Map.entry("key", "monitoring.enabled"));
  }

  @Test
  void aClassClashIsACodeAndAShortMessageWithoutPathsOrClassLoaders() {
    MonitoringService degraded = MonitoringService.builder().config(ENABLED).buildDegraded(
        new NoSuchMethodError("'io.opentelemetry.api.metrics.Meter io.opentelemetry.Foo.bar()' loaded by"
            + " org.glassfish.web.loader.WebappClassLoader@6d1b5[/opt/payara/apps/orders/WEB-INF/lib]"));

    HealthCheckResponse response = new MonitoringHealthCheck(degraded).call();

    assertThat(response.getStatus()).isEqualTo(Status.UP);
    Map<String, Object> data = response.getData().orElseThrow();
    assertThat(data).containsEntry("reason", "class_clash").containsEntry("error",
        "the server provides other OpenTelemetry classes than the application's; see the server log");
    assertThat(data.values().toString()).doesNotContain("/opt").doesNotContain("ClassLoader")
        .doesNotContain("WEB-INF");
  }

  @Test
  void anyOtherFailureIsInitializationFailedWithoutItsText() {
    MonitoringService degraded = MonitoringService.builder().config(ENABLED).buildDegraded(
        new IllegalStateException("cannot read /home/app/secrets/config.properties",
            new java.io.IOException("permission denied")));

    Map<String, Object> data = new MonitoringHealthCheck(degraded).call().getData().orElseThrow();

    assertThat(data).containsEntry("reason", "initialization_failed")
        .containsEntry("error", "monitoring could not start; see the server log")
        .doesNotContainKey("key");
    assertThat(data.values().toString()).doesNotContain("/home").doesNotContain("permission");
  }

  @Test
  void degradedServiceIsDownWhenMonitoringIsRequired() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID.toBuilder().required(true).build());

    HealthCheckResponse response = new MonitoringHealthCheck(degraded).call();

    assertThat(response.getStatus()).isEqualTo(Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("required", true)
        .containsEntry("reason", "invalid_config").containsKey("error");
  }

  @Test
  void disabledServiceIsUpWithoutErrorUnlessRequired() {
    MonitoringService disabled = MonitoringService.create(MonitoringConfig.defaults());

    HealthCheckResponse optional = new MonitoringHealthCheck(disabled).call();
    assertThat(optional.getStatus()).isEqualTo(Status.UP);
    assertThat(optional.getData().orElseThrow())
        .containsEntry("enabled", false).containsEntry("initialized", false).doesNotContainKey("error");

    MonitoringService required = MonitoringService.create(MonitoringConfig.builder().required(true).build());
    assertThat(new MonitoringHealthCheck(required).call().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void unreadableConfigurationCountsAsRequired() {
    MonitoringService degraded = MonitoringService.builder()
        .configSource(key -> key.equals(MonitoringConfig.REQUIRED_KEY) ? "maybe" : null)
        .buildWithFallback();

    assertThat(new MonitoringHealthCheck(degraded).call().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void requiredSettingSurvivesAnInvalidPath() {
    MonitoringService degraded = MonitoringService.builder()
        .configSource(key -> key.equals(MonitoringConfig.REQUIRED_KEY) ? "yes"
            : key.equals(MonitoringConfig.PATH_KEY) ? "metrics" : null)
        .buildWithFallback();

    assertThat(new MonitoringHealthCheck(degraded).call().getStatus()).isEqualTo(Status.DOWN);
  }
  @Test
  void tracingStateRejectedOtelSettingsAndExportFailuresAreDataNotDown() {
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      collector.respondWith(503);
      MonitoringService service = MonitoringService.builder()
          .config(MonitoringConfig.builder().enabled(true).tracingEnabled(true).build())
          .otelProperties(Map.of("otel.exporter.otlp.endpoint", collector.endpoint(), "otel.bsp.schedule.delay", "20"))
          .build();
      try {
        assertThat(new MonitoringHealthCheck(service).call().getData().orElseThrow())
            .containsEntry("tracing", true).doesNotContainKey("lastExportFailure");

        service.tracer().spanBuilder("refused").startSpan().end();
        await().atMost(Duration.ofSeconds(30)).until(() -> service.lastExportFailure().isPresent());

        HealthCheckResponse response = new MonitoringHealthCheck(service).call();
        assertThat(response.getStatus()).isEqualTo(Status.UP);
        assertThat(response.getData().orElseThrow())
            .containsEntry("lastExportFailure", service.lastExportFailure().orElseThrow().at().toString())
            .containsEntry("lastExportFailureSignal", "spans");
      } finally {
        service.shutdown();
      }
    }
  }

  @Test
  void aRejectedOtelSettingIsReportedByItsKeyNeverByItsValue() {
    MonitoringService service = MonitoringService.builder()
        .config(MonitoringConfig.builder().enabled(true).tracingEnabled(true).build())
        .otelProperties(Map.of("otel.traces.exporter", "s3cr3t-exporter"))
        .build();
    try {
      HealthCheckResponse response = new MonitoringHealthCheck(service).call();

      assertThat(response.getStatus()).isEqualTo(Status.UP);
      assertThat(response.getData().orElseThrow()).containsExactly(Map.entry("enabled", true),
          Map.entry("initialized", true), Map.entry("required", false), Map.entry("tracing", false),
          Map.entry("otelConfig", "invalid"), Map.entry("otelKey", "otel.traces.exporter"));
    } finally {
      service.shutdown();
    }
  }
}
