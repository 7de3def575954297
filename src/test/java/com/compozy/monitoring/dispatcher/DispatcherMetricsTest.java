package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original's interceptor/dispatcher_metrics_test, plus the exact series a scraper sees. */
class DispatcherMetricsTest {
  private final TestClock clock = new TestClock();
  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final DispatcherMetrics metrics = DispatcherMetrics.register(service, clock);

  @AfterEach
  void shutdown() {
    metrics.close();
    service.shutdown();
  }

  @Test
  void lifecycleCallsDoNotThrowForOneOrSeveralIds() {
    assertThatCode(() -> {
      for (String id : List.of("d1", "d2", "d3")) {
        metrics.start(id);
        metrics.heartbeat(id);
        metrics.restart(id);
        metrics.stop(id);
      }
    }).doesNotThrowAnyException();
  }

  @Test
  void callsAfterCloseDoNothingAndDoNotThrow() {
    metrics.close();
    assertThatCode(() -> {
      metrics.start("d1");
      metrics.heartbeat("d1");
      metrics.restart("d1");
      metrics.stop("d1");
      metrics.takeover("d1", Duration.ofMillis(5), TakeoverOutcome.STARTED);
      metrics.scan(1, 1, Duration.ofMillis(5));
    }).doesNotThrowAnyException();
    assertThat(Scrape.samples(service, "compozy_dispatcher_active_total")).isEmpty();
    assertThat(Scrape.samples(service, "compozy_dispatcher_heartbeat_total")).isEmpty();
  }

  @Test
  void takeoverWithStartedOutcomeDoesNotThrow() {
    assertThatCode(() -> metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED))
        .doesNotThrowAnyException();
  }

  @Test
  void nullsAreToleratedRatherThanThrownIntoTheCaller() {
    assertThatCode(() -> {
      metrics.start(null);
      metrics.takeover(null, null, null);
      metrics.scan(0, 0, null);
    }).doesNotThrowAnyException();
  }

  @Test
  void activeKeepsTheOriginalTotalSuffixAndIsNotTypedAsAGaugeOrCounter() {
    metrics.start("d1");
    metrics.start("d2");
    metrics.stop("d2");

    String text = Scrape.text(service);
    assertThat(Scrape.openMetrics(service)).contains("# TYPE compozy_dispatcher_active_total unknown\n")
        .contains("\ncompozy_dispatcher_active_total{dispatcher_id=\"d2\"} 0.0\n");
    assertThat(text).contains("# TYPE compozy_dispatcher_active_total untyped")
        .contains("# HELP compozy_dispatcher_active_total Currently active dispatchers")
        .doesNotContain("compozy_dispatcher_active{");
    assertThat(Scrape.samples(service, "compozy_dispatcher_active_total")).containsExactly(
        "compozy_dispatcher_active_total{dispatcher_id=\"d1\"} 1.0",
        "compozy_dispatcher_active_total{dispatcher_id=\"d2\"} 0.0");
  }

  @Test
  void lifecycleEventsAndHeartbeatsAreCountedPerDispatcher() {
    metrics.start("d1");
    metrics.heartbeat("d1");
    metrics.heartbeat("d1");
    metrics.restart("d1");
    metrics.stop("d1");

    assertThat(Scrape.samples(service, "compozy_dispatcher_lifecycle_events_total")).containsExactly(
        "compozy_dispatcher_lifecycle_events_total{dispatcher_id=\"d1\",event=\"restart\"} 1.0",
        "compozy_dispatcher_lifecycle_events_total{dispatcher_id=\"d1\",event=\"start\"} 1.0",
        "compozy_dispatcher_lifecycle_events_total{dispatcher_id=\"d1\",event=\"stop\"} 1.0");
    assertThat(Scrape.samples(service, "compozy_dispatcher_heartbeat_total"))
        .containsExactly("compozy_dispatcher_heartbeat_total{dispatcher_id=\"d1\"} 2.0");
    assertThat(Scrape.text(service)).contains("# TYPE compozy_dispatcher_heartbeat_total counter");
  }

  @Test
  void restartDoesNotChangeActive() {
    metrics.start("d1");
    metrics.restart("d1");
    assertThat(Scrape.samples(service, "compozy_dispatcher_active_total"))
        .containsExactly("compozy_dispatcher_active_total{dispatcher_id=\"d1\"} 1.0");
  }

  @Test
  void uptimeRunsFromStartRestartsOnRestartAndEndsOnStop() {
    metrics.start("d1");
    clock.advance(Duration.ofSeconds(90));
    assertThat(Scrape.samples(service, "compozy_dispatcher_uptime_seconds"))
        .containsExactly("compozy_dispatcher_uptime_seconds{dispatcher_id=\"d1\"} 90.0");

    metrics.restart("d1");
    clock.advance(Duration.ofMillis(1500));
    assertThat(Scrape.samples(service, "compozy_dispatcher_uptime_seconds"))
        .containsExactly("compozy_dispatcher_uptime_seconds{dispatcher_id=\"d1\"} 1.5");

    metrics.stop("d1");
    assertThat(Scrape.samples(service, "compozy_dispatcher_uptime_seconds")).isEmpty();
  }

  @Test
  void takeoverHasOutcomeOnlyWhenGiven() {
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED);
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.TERMINATE_ERROR);
    metrics.takeover("d1", Duration.ofMillis(30), null);

    assertThat(Scrape.samples(service, "compozy_dispatcher_takeover_total")).containsExactly(
        "compozy_dispatcher_takeover_total{dispatcher_id=\"d1\"} 1.0",
        "compozy_dispatcher_takeover_total{dispatcher_id=\"d1\",outcome=\"started\"} 1.0",
        "compozy_dispatcher_takeover_total{dispatcher_id=\"d1\",outcome=\"terminate_error\"} 1.0");
    assertThat(Scrape.text(service))
        .contains("compozy_dispatcher_takeover_latency_seconds_count{dispatcher_id=\"d1\",outcome=\"started\"} 1")
        .contains("compozy_dispatcher_takeover_latency_seconds_sum{dispatcher_id=\"d1\",outcome=\"started\"} 0.03");
  }

  @Test
  void takeoverLatencyUsesTheOriginalBuckets() {
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED);
    assertThat(bucketBounds("compozy_dispatcher_takeover_latency_seconds_bucket")).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
  }

  @Test
  void scanAddsKeysAlwaysStaleOnlyWhenPositiveAndRecordsDuration() {
    metrics.scan(0, 0, Duration.ofMillis(2));
    metrics.scan(10, 0, Duration.ofMillis(20));
    metrics.scan(5, 2, Duration.ofMillis(200));

    assertThat(Scrape.samples(service, "compozy_dispatcher_keys_scanned_total"))
        .containsExactly("compozy_dispatcher_keys_scanned_total 15.0");
    assertThat(Scrape.samples(service, "compozy_dispatcher_stale_heartbeats_total"))
        .containsExactly("compozy_dispatcher_stale_heartbeats_total 2.0");
    assertThat(Scrape.text(service)).contains("compozy_dispatcher_scan_duration_seconds_count 3");
    assertThat(bucketBounds("compozy_dispatcher_scan_duration_seconds_bucket")).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf");
  }

  @Test
  void idsBeyondTheCapAreRecordedAsOther() {
    for (int i = 0; i < DispatcherMetrics.MAX_DISPATCHER_IDS + 5; i++) {
      metrics.heartbeat("d" + i);
    }
    List<String> samples = Scrape.samples(service, "compozy_dispatcher_heartbeat_total");
    assertThat(samples).hasSize(DispatcherMetrics.MAX_DISPATCHER_IDS + 1)
        .contains("compozy_dispatcher_heartbeat_total{dispatcher_id=\"other\"} 5.0");
  }

  @Test
  void everyInstrumentHasADescription() {
    metrics.start("d1");
    metrics.heartbeat("d1");
    metrics.takeover("d1", Duration.ofMillis(1), TakeoverOutcome.ERROR);
    metrics.scan(1, 1, Duration.ofMillis(1));
    List<String> families = Scrape.text(service).lines()
        .filter(l -> l.startsWith("# TYPE compozy_dispatcher_")).toList();
    List<String> helps = Scrape.text(service).lines()
        .filter(l -> l.startsWith("# HELP compozy_dispatcher_")).toList();
    assertThat(families).hasSize(9);
    assertThat(helps).hasSize(9).allMatch(l -> l.split(" ", 4).length == 4);
  }

  @Test
  void onABareMeterActiveIsAnUpDownCounter() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        DispatcherMetrics bare = DispatcherMetrics.register(provider.get("compozy"), clock)) {
      bare.start("d1");
      bare.start("d1");
      bare.stop("d1");

      MetricData active = reader.collectAllMetrics().stream()
          .filter(m -> m.getName().equals("compozy_dispatcher_active_total")).findFirst().orElseThrow();
      assertThat(active.getLongSumData().isMonotonic()).isFalse();
      assertThat(active.getLongSumData().getPoints()).singleElement().satisfies(p -> {
        assertThat(p.getValue()).isEqualTo(1);
        assertThat(p.getAttributes().get(AttributeKey.stringKey("dispatcher_id"))).isEqualTo("d1");
      });
    }
  }

  private List<String> bucketBounds(String bucketName) {
    return Scrape.text(service).lines().filter(l -> l.startsWith(bucketName + "{"))
        .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).distinct().toList();
  }
}
