package com.compozy.monitoring.system;

import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original's system_test on a bare meter, plus the series a scraper sees from a service. */
class SystemMetricsTest {
  private static final Function<String, String> NO_JVM =
      Map.of(SystemMetrics.JVM_ENABLED_KEY, "false")::get;

  private final TestClock clock = new TestClock();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final List<AutoCloseable> toClose = new java.util.ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    provider.close();
  }

  private SystemMetrics onMeter(Function<String, String> config, BuildInfo info) {
    var meter = provider.get("compozy");
    SystemMetrics metrics = SystemMetrics.register(meter, new MeterOnlyOpenTelemetry(meter), null,
        config, () -> info, clock);
    toClose.add(metrics);
    return metrics;
  }

  private MetricData metric(String name) {
    return reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not collected"));
  }

  @Test
  void buildInfoIsAFloatGaugeWithOnePointOfValueOneAndExactlyThreeLabels() {
    onMeter(NO_JVM, BuildInfo.of("v1.2.3", "abc123"));

    MetricData buildInfo = metric("compozy_system_build_info");
    assertThat(buildInfo.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(buildInfo.getDescription()).isEqualTo("Build information (value=1)");
    DoublePointData point = buildInfo.getDoubleGaugeData().getPoints().iterator().next();
    assertThat(buildInfo.getDoubleGaugeData().getPoints()).hasSize(1);
    assertThat(point.getValue()).isEqualTo(1.0);
    assertThat(point.getAttributes().asMap()).containsOnly(
        Map.entry(AttributeKey.stringKey("version"), "v1.2.3"),
        Map.entry(AttributeKey.stringKey("commit_hash"), "abc123"),
        Map.entry(AttributeKey.stringKey("java_version"), Runtime.version().toString()));
  }

  @Test
  void uptimeIsAFloatGaugeInSecondsWithoutLabelsSinceRegistration() {
    onMeter(NO_JVM, BuildInfo.of(null, null));
    clock.advance(Duration.ofMillis(100));

    MetricData uptime = metric("compozy_system_uptime_seconds");
    assertThat(uptime.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(uptime.getUnit()).isEqualTo("s");
    assertThat(uptime.getDoubleGaugeData().getPoints()).singleElement().satisfies(p -> {
      assertThat(p.getValue()).isEqualTo(0.1);
      assertThat(p.getAttributes().isEmpty()).isTrue();
    });
  }

  @Test
  void uptimeIncreasesBetweenCollections() {
    onMeter(NO_JVM, BuildInfo.of(null, null));
    clock.advance(Duration.ofSeconds(1));
    double first = metric("compozy_system_uptime_seconds").getDoubleGaugeData().getPoints().iterator().next().getValue();
    clock.advance(Duration.ofSeconds(2));
    double second = metric("compozy_system_uptime_seconds").getDoubleGaugeData().getPoints().iterator().next().getValue();
    assertThat(first).isEqualTo(1.0);
    assertThat(second).isEqualTo(3.0);
  }

  @Test
  void registeringThreeTimesGivesOneHandleAndOneOfEachMetric() {
    SystemMetrics first = onMeter(NO_JVM, BuildInfo.of("v1", "c1"));
    SystemMetrics second = onMeter(NO_JVM, BuildInfo.of("v2", "c2"));
    SystemMetrics third = onMeter(NO_JVM, BuildInfo.of("v3", "c3"));

    assertThat(second).isSameAs(first);
    assertThat(third).isSameAs(first);
    List<MetricData> all = List.copyOf(reader.collectAllMetrics());
    assertThat(all).filteredOn(m -> m.getName().equals("compozy_system_build_info")).singleElement()
        .satisfies(m -> assertThat(m.getDoubleGaugeData().getPoints()).hasSize(1));
    assertThat(all).filteredOn(m -> m.getName().equals("compozy_system_uptime_seconds")).singleElement()
        .satisfies(m -> assertThat(m.getDoubleGaugeData().getPoints()).hasSize(1));
  }

  @Test
  void afterCloseTheMetricsStopAndRegisteringAgainStartsAfresh() {
    SystemMetrics first = onMeter(NO_JVM, BuildInfo.of("v1", "c1"));
    first.close();
    first.close();
    assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("compozy_system_")
        && !m.getDoubleGaugeData().getPoints().isEmpty());

    SystemMetrics again = onMeter(NO_JVM, BuildInfo.of("v2", "c2"));
    assertThat(again).isNotSameAs(first);
  }

  @Test
  void systemSwitchTurnsBuildInfoAndUptimeOff() {
    onMeter(Map.of(SystemMetrics.SYSTEM_ENABLED_KEY, "false", SystemMetrics.JVM_ENABLED_KEY, "false")::get,
        BuildInfo.of("v", "c"));
    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void jvmMetricsAreOnByDefaultAndIncludeMemoryUsedAfterLastGc() {
    onMeter(null, BuildInfo.of("v", "c"));
    System.gc();

    // GC durations arrive through JMX notifications, delivered asynchronously after the collection
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(reader.collectAllMetrics().stream().map(MetricData::getName).toList()).contains(
            "jvm.memory.used", "jvm.memory.committed", "jvm.memory.used_after_last_gc",
            "jvm.gc.duration", "jvm.thread.count", "jvm.class.count", "jvm.cpu.time"));
  }

  @Test
  void jvmSwitchTurnsTheJvmMetricsOff() {
    onMeter(NO_JVM, BuildInfo.of("v", "c"));
    assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("jvm."));
  }

  @Test
  void serviceExposesTheOriginalNamesAndLabelSets() {
    MonitoringService service = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      SystemMetrics metrics = SystemMetrics.register(service.meter(), service.openTelemetry(),
          service.prometheusRegistry().orElseThrow(), null, () -> BuildInfo.of("v1.2.3-beta+build.456", "abc123"),
          clock);
      toClose.add(metrics);
      clock.advance(Duration.ofMillis(2500));
      System.gc();

      String text = Scrape.text(service);
      assertThat(Scrape.samples(service, "compozy_system_build_info")).containsExactly(
          "compozy_system_build_info{commit_hash=\"abc123\",java_version=\"" + Runtime.version()
              + "\",version=\"v1.2.3-beta+build.456\"} 1.0");
      assertThat(text).contains("# TYPE compozy_system_build_info gauge")
          .contains("# HELP compozy_system_build_info Build information (value=1)")
          .doesNotContain("compozy_system_build{");
      assertThat(Scrape.samples(service, "compozy_system_uptime_seconds"))
          .containsExactly("compozy_system_uptime_seconds 2.5");
      assertThat(text).contains("# TYPE jvm_memory_used_after_last_gc_bytes gauge")
          .containsPattern("jvm_memory_used_after_last_gc_bytes\\{jvm_memory_pool_name=\"[^\"]+\",jvm_memory_type=\"heap\"} ")
          .containsPattern("jvm_memory_used_bytes\\{jvm_memory_pool_name=\"[^\"]+\",jvm_memory_type=\"non_heap\"} ")
          .contains("jvm_thread_count{").contains("jvm_class_loaded_total ").contains("jvm_cpu_time_seconds_total ");

      metrics.close();
      String after = Scrape.text(service);
      assertThat(after).doesNotContain("compozy_system_build_info{").doesNotContain("jvm_memory_used_bytes{")
          .doesNotContain("compozy_system_uptime_seconds ");
    } finally {
      service.shutdown();
    }
  }

  @Test
  void jvmMetricsStartNoJfrRecordingAndNoThread() {
    long threadsBefore = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().toLowerCase().contains("jfr")).count();
    onMeter(null, BuildInfo.of("v", "c"));
    reader.collectAllMetrics();

    assertThat(jdk.jfr.FlightRecorder.isInitialized()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().toLowerCase().contains("jfr")).count()).isEqualTo(threadsBefore);
  }

  @Test
  void publicRegisterOnAServiceIsIdempotentToo() {
    MonitoringService service = MonitoringService.create(MonitoringConfig.builder().enabled(true).jvmEnabled(false).build());
    try (SystemMetrics first = SystemMetrics.register(service, BuildInfo.of("v", "c"))) {
      assertThat(SystemMetrics.register(service, BuildInfo.of("v", "c"))).isSameAs(first);
      assertThat(Scrape.samples(service, "compozy_system_build_info")).hasSize(1);
    } finally {
      service.shutdown();
    }
  }

  @Test
  void invalidSwitchValuesKeepTheDefault() {
    assertThat(SystemMetrics.enabled(Map.of("k", "nope")::get, "k")).isTrue();
    assertThat(SystemMetrics.enabled(Map.of("k", "OFF")::get, "k")).isFalse();
    assertThat(SystemMetrics.enabled(null, "k")).isTrue();
  }
}
