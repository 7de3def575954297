package com.compozy.monitoring.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.InvalidMonitoringConfigException;
import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original's system_test, on a service with a controlled clock, as a scraper sees it. */
class SystemMetricsTest {
  private static final MonitoringConfig NO_JVM = MonitoringConfig.builder().enabled(true).jvmEnabled(false).build();
  private static final String BUILD_INFO = "compozy_system_build_info";
  private static final String UPTIME = "compozy_system_uptime_seconds";

  private final TestClock clock = new TestClock();
  private final List<MonitoringService> services = new ArrayList<>();

  @AfterEach
  void shutdown() {
    services.forEach(MonitoringService::shutdown);
  }

  private MonitoringService service(MonitoringConfig config) {
    return service(config, null);
  }

  private MonitoringService service(MonitoringConfig config, InMemoryMetricReader reader) {
    MonitoringService.Builder builder = MonitoringService.builder().config(config).clock(clock);
    if (reader != null) {
      builder.registerMetricReader(reader);
    }
    MonitoringService service = builder.build();
    services.add(service);
    return service;
  }

  @Test
  void buildInfoIsAGaugeWithOneSeriesOfValueOneAndExactlyThreeLabels() {
    MonitoringService service = service(NO_JVM);
    SystemMetrics.of(service, () -> BuildInfo.of("v1.2.3", "abc123"));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.families(BUILD_INFO)).containsExactly(
        new Scrape.Family(BUILD_INFO, "gauge", "Build information (value=1)"));
    Map<String, String> labels = Map.of("version", "v1.2.3", "commit_hash", "abc123",
        "java_version", Runtime.version().toString());
    assertThat(scrape.labelSets(BUILD_INFO)).containsExactly(labels);
    assertThat(scrape.value(BUILD_INFO, labels)).isEqualTo(1);
  }

  @Test
  void uptimeIsAGaugeInSecondsWithoutLabelsSinceBinding() {
    MonitoringService service = service(NO_JVM);
    clock.advance(Duration.ofHours(1)); // the service's age does not count, the binding's does
    SystemMetrics.of(service, () -> BuildInfo.of(null, null));
    clock.advance(Duration.ofMillis(100));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.types(UPTIME)).containsExactly(Map.entry(UPTIME, "gauge"));
    assertThat(scrape.labelSets(UPTIME)).containsExactly(Map.of());
    assertThat(scrape.value(UPTIME)).isEqualTo(0.1);
  }

  @Test
  void uptimeIncreasesBetweenCollections() {
    MonitoringService service = service(NO_JVM);
    SystemMetrics.of(service, () -> BuildInfo.of(null, null));
    clock.advance(Duration.ofSeconds(1));
    double first = Scrape.of(service).value(UPTIME);
    clock.advance(Duration.ofSeconds(2));
    double second = Scrape.of(service).value(UPTIME);

    assertThat(first).isEqualTo(1.0);
    assertThat(second).isEqualTo(3.0);
  }

  @Test
  void bindingThreeTimesGivesOneHandleAndOneOfEachMetricAndTheFirstBuildInfoWins() {
    MonitoringService service = service(NO_JVM);
    SystemMetrics first = SystemMetrics.of(service, () -> BuildInfo.of("v1", "c1"));
    SystemMetrics second = SystemMetrics.of(service, () -> BuildInfo.of("v2", "c2"));
    SystemMetrics third = SystemMetrics.of(service);

    assertThat(second).isSameAs(first);
    assertThat(third).isSameAs(first);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(BUILD_INFO)).containsExactly(
        Map.of("version", "v1", "commit_hash", "c1", "java_version", Runtime.version().toString()));
    assertThat(scrape.labelSets(UPTIME)).hasSize(1);
    assertThat(first.buildInfo()).isEqualTo(BuildInfo.of("v1", "c1"));
  }

  @Test
  void shutdownStopsTheMetricsAndANewServiceStartsAfresh() {
    MonitoringService service = service(NO_JVM);
    SystemMetrics first = SystemMetrics.of(service, () -> BuildInfo.of("v1", "c1"));
    PrometheusRegistry prometheus = service.prometheusRegistry().orElseThrow();

    service.shutdown();
    first.close(); // idempotent after the service closed it

    Scrape after = Scrape.of(prometheus);
    assertThat(after.labelSets(BUILD_INFO)).isEmpty();
    assertThat(after.labelSets(UPTIME)).isEmpty();

    MonitoringService next = service(NO_JVM);
    SystemMetrics again = SystemMetrics.of(next, () -> BuildInfo.of("v2", "c2"));
    assertThat(again).isNotSameAs(first);
    assertThat(Scrape.of(next).labelSets(BUILD_INFO)).singleElement()
        .satisfies(labels -> assertThat(labels).containsEntry("version", "v2"));
  }

  @Test
  void systemSwitchTurnsBuildInfoAndUptimeOff() {
    MonitoringService service = service(NO_JVM.toBuilder().systemEnabled(false).build());
    SystemMetrics.of(service, () -> BuildInfo.of("v", "c"));

    assertThat(Scrape.of(service).samples())
        .noneMatch(s -> s.name().startsWith("compozy_system_") || s.name().startsWith("jvm_"));
  }

  @Test
  void jvmMetricsAreOnByDefaultAndIncludeMemoryUsedAfterLastGc() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    MonitoringService service = service(MonitoringConfig.builder().enabled(true).build(), reader);
    SystemMetrics.of(service, () -> BuildInfo.of("v", "c"));
    System.gc();

    // GC durations arrive through JMX notifications, delivered asynchronously after the collection
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(reader.collectAllMetrics().stream().map(MetricData::getName).toList()).contains(
            "jvm.memory.used", "jvm.memory.committed", "jvm.memory.used_after_last_gc",
            "jvm.gc.duration", "jvm.thread.count", "jvm.class.count", "jvm.cpu.time"));
  }

  @Test
  void jvmSwitchTurnsTheJvmMetricsOff() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    MonitoringService service = service(NO_JVM, reader);
    SystemMetrics.of(service, () -> BuildInfo.of("v", "c"));

    assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("jvm."));
    assertThat(Scrape.of(service).samples()).noneMatch(s -> s.name().startsWith("jvm_"));
  }

  @Test
  void serviceExposesTheOriginalNamesAndLabelSets() {
    MonitoringService service = service(MonitoringConfig.builder().enabled(true).build());
    SystemMetrics metrics = SystemMetrics.of(service, () -> BuildInfo.of("v1.2.3-beta+build.456", "abc123"));
    clock.advance(Duration.ofMillis(2500));
    System.gc();

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(BUILD_INFO)).containsExactly(Map.of("commit_hash", "abc123",
        "java_version", Runtime.version().toString(), "version", "v1.2.3-beta+build.456"));
    assertThat(scrape.types("compozy_system_build")).containsExactly(Map.entry(BUILD_INFO, "gauge"));
    assertThat(scrape.value(UPTIME)).isEqualTo(2.5);
    assertThat(scrape.types("jvm_memory_used_after_last_gc_bytes"))
        .containsExactly(Map.entry("jvm_memory_used_after_last_gc_bytes", "gauge"));
    assertThat(scrape.labelSets("jvm_memory_used_after_last_gc_bytes"))
        .anySatisfy(labels -> assertThat(labels).containsEntry("jvm_memory_type", "heap")
            .containsOnlyKeys("jvm_memory_pool_name", "jvm_memory_type"));
    assertThat(scrape.labelSets("jvm_memory_used_bytes"))
        .anySatisfy(labels -> assertThat(labels).containsEntry("jvm_memory_type", "non_heap")
            .containsOnlyKeys("jvm_memory_pool_name", "jvm_memory_type"));
    assertThat(scrape.samples("jvm_thread_count")).isNotEmpty();
    assertThat(scrape.samples("jvm_class_loaded_total")).hasSize(1);
    assertThat(scrape.samples("jvm_cpu_time_seconds_total")).hasSize(1);

    metrics.close();
    Scrape after = Scrape.of(service);
    assertThat(after.labelSets(BUILD_INFO)).isEmpty();
    assertThat(after.labelSets("jvm_memory_used_bytes")).isEmpty();
    assertThat(after.labelSets(UPTIME)).isEmpty();
  }

  @Test
  void jvmMetricsStartNoJfrRecordingAndNoThread() {
    long threadsBefore = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().toLowerCase().contains("jfr")).count();
    MonitoringService service = service(MonitoringConfig.builder().enabled(true).build());
    SystemMetrics.of(service, () -> BuildInfo.of("v", "c"));
    Scrape.of(service);

    assertThat(jdk.jfr.FlightRecorder.isInitialized()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().toLowerCase().contains("jfr")).count()).isEqualTo(threadsBefore);
  }

  @Test
  void aBuildInfoSourceThatFailsReportsUnknownVersionAndCommit() {
    MonitoringService service = service(NO_JVM);
    SystemMetrics metrics = SystemMetrics.of(service, () -> {
      throw new IllegalStateException("manifest unreadable");
    });

    assertThat(metrics.buildInfo().version()).isEqualTo(BuildInfo.UNKNOWN);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(BUILD_INFO, "version", BuildInfo.UNKNOWN, "commit_hash", BuildInfo.UNKNOWN,
        "java_version", Runtime.version().toString())).isEqualTo(1);
    assertThat(scrape.value(UPTIME)).isZero();
  }

  @Test
  void onADisabledServiceBindingWorksAndRecordsNothing() {
    MonitoringService disabled = service(MonitoringConfig.defaults());
    SystemMetrics metrics = SystemMetrics.of(disabled, () -> BuildInfo.of("v", "c"));
    assertThat(SystemMetrics.of(disabled)).isSameAs(metrics);
    assertThat(disabled.prometheusRegistry()).isEmpty();
  }

  @Test
  void switchesAreParsedStrictlyByTheConfigNotLeniently() {
    assertThat(MonitoringConfig.fromSource(Map.of(MonitoringConfig.SYSTEM_ENABLED_KEY, "OFF")::get).systemEnabled())
        .isFalse();
    assertThat(MonitoringConfig.fromSource(key -> null).systemEnabled()).isTrue();
    assertThat(MonitoringConfig.fromSource(key -> null).jvmEnabled()).isTrue();
    assertThatThrownBy(() -> MonitoringConfig.fromSource(Map.of(MonitoringConfig.JVM_ENABLED_KEY, "nope")::get))
        .isInstanceOf(InvalidMonitoringConfigException.class)
        .hasMessageContaining(MonitoringConfig.JVM_ENABLED_KEY).hasMessageContaining("'nope'");
  }
}
