package com.compozy.monitoring.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original's interceptor/dispatcher_metrics_test, plus the exact series a scraper sees. */
class DispatcherMetricsTest {
  private static final MonitoringConfig ENABLED = MonitoringConfig.builder().enabled(true).build();
  private static final String ACTIVE = "compozy_dispatcher_active_total";
  private static final String HEARTBEATS = "compozy_dispatcher_heartbeat_total";
  private static final String EVENTS = "compozy_dispatcher_lifecycle_events_total";
  private static final String UPTIME = "compozy_dispatcher_uptime_seconds";
  private static final String TAKEOVERS = "compozy_dispatcher_takeover_total";

  private final TestClock clock = new TestClock();
  private final MonitoringService service = MonitoringService.builder().config(ENABLED).clock(clock).build();
  private final DispatcherMetrics metrics = DispatcherMetrics.of(service);

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void lifecycleCallsForSeveralIdsAreCountedPerId() {
    for (String id : List.of("d1", "d2", "d3")) {
      metrics.start(id);
      metrics.heartbeat(id);
      metrics.restart(id);
      metrics.stop(id);
    }

    Scrape scrape = Scrape.of(service);
    for (String id : List.of("d1", "d2", "d3")) {
      assertThat(scrape.value(ACTIVE, "dispatcher_id", id)).isZero();
      assertThat(scrape.value(HEARTBEATS, "dispatcher_id", id)).isEqualTo(1);
      for (String event : List.of("start", "restart", "stop")) {
        assertThat(scrape.value(EVENTS, "dispatcher_id", id, "event", event)).isEqualTo(1);
      }
    }
    assertThat(scrape.labelSets(EVENTS)).hasSize(9);
    assertThat(scrape.labelSets(UPTIME)).isEmpty();
  }

  @Test
  void callsAfterCloseRecordNothing() {
    metrics.close();

    metrics.start("d1");
    metrics.heartbeat("d1");
    metrics.restart("d1");
    metrics.stop("d1");
    metrics.takeover("d1", Duration.ofMillis(5), TakeoverOutcome.STARTED);
    metrics.scan(1, 1, Duration.ofMillis(5));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(ACTIVE)).isEmpty();
    assertThat(scrape.labelSets(HEARTBEATS)).isEmpty();
    assertThat(scrape.labelSets(TAKEOVERS)).isEmpty();
    assertThat(scrape.samples()).noneMatch(s -> s.name().startsWith("compozy_dispatcher_"));
  }

  @Test
  void takeoverWithStartedOutcomeIsCountedWithItsLatency() {
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(TAKEOVERS)).containsExactly(Map.of("dispatcher_id", "d1", "outcome", "started"));
    assertThat(scrape.value(TAKEOVERS, "dispatcher_id", "d1", "outcome", "started")).isEqualTo(1);
    assertThat(scrape.value("compozy_dispatcher_takeover_latency_seconds_sum",
        "dispatcher_id", "d1", "outcome", "started")).isEqualTo(0.03);
  }

  @Test
  void nullsAreRecordedAsAnEmptyIdNoOutcomeAndNoDuration() {
    metrics.start(null);
    metrics.takeover(null, null, null);
    metrics.scan(0, 0, null);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "")).isEqualTo(1);
    assertThat(scrape.value(TAKEOVERS, "dispatcher_id", "")).isEqualTo(1);
    assertThat(scrape.labelSets("compozy_dispatcher_takeover_latency_seconds_count")).isEmpty();
    assertThat(scrape.value("compozy_dispatcher_keys_scanned_total")).isZero();
    assertThat(scrape.labelSets("compozy_dispatcher_scan_duration_seconds_count")).isEmpty();
  }

  @Test
  void activeKeepsTheOriginalTotalSuffixAndIsNotTypedAsAGaugeOrCounter() {
    metrics.start("d1");
    metrics.start("d2");
    metrics.stop("d2");

    assertThat(Scrape.openMetrics(service)).contains("# TYPE compozy_dispatcher_active_total unknown\n")
        .contains("\ncompozy_dispatcher_active_total{dispatcher_id=\"d2\"} 0.0\n");
    assertThat(Scrape.text(service)).contains("# TYPE compozy_dispatcher_active_total untyped")
        .contains("# HELP compozy_dispatcher_active_total Currently active dispatchers");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.types("compozy_dispatcher_active")).containsExactly(Map.entry(ACTIVE, "untyped"));
    assertThat(scrape.labelSets(ACTIVE)).containsExactly(Map.of("dispatcher_id", "d1"), Map.of("dispatcher_id", "d2"));
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "d1")).isEqualTo(1);
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "d2")).isZero();
  }

  @Test
  void lifecycleEventsAndHeartbeatsAreCountedPerDispatcher() {
    metrics.start("d1");
    metrics.heartbeat("d1");
    metrics.heartbeat("d1");
    metrics.restart("d1");
    metrics.stop("d1");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(EVENTS)).containsExactly(
        Map.of("dispatcher_id", "d1", "event", "restart"),
        Map.of("dispatcher_id", "d1", "event", "start"),
        Map.of("dispatcher_id", "d1", "event", "stop"));
    assertThat(scrape.samples(EVENTS)).allMatch(s -> s.value() == 1);
    assertThat(scrape.labelSets(HEARTBEATS)).containsExactly(Map.of("dispatcher_id", "d1"));
    assertThat(scrape.value(HEARTBEATS, "dispatcher_id", "d1")).isEqualTo(2);
    assertThat(scrape.types(HEARTBEATS)).containsExactly(Map.entry(HEARTBEATS, "counter"));
  }

  @Test
  void restartDoesNotChangeActive() {
    metrics.start("d1");
    metrics.restart("d1");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(ACTIVE)).containsExactly(Map.of("dispatcher_id", "d1"));
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "d1")).isEqualTo(1);
  }

  @Test
  void uptimeRunsFromStartRestartsOnRestartAndEndsOnStop() {
    metrics.start("d1");
    clock.advance(Duration.ofSeconds(90));
    assertThat(Scrape.of(service).value(UPTIME, "dispatcher_id", "d1")).isEqualTo(90);

    metrics.restart("d1");
    clock.advance(Duration.ofMillis(1500));
    assertThat(Scrape.of(service).value(UPTIME, "dispatcher_id", "d1")).isEqualTo(1.5);

    metrics.stop("d1");
    assertThat(Scrape.of(service).labelSets(UPTIME)).isEmpty();
  }

  @Test
  void takeoverHasOutcomeOnlyWhenGiven() {
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED);
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.TERMINATE_ERROR);
    metrics.takeover("d1", Duration.ofMillis(30), null);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(TAKEOVERS)).containsExactly(
        Map.of("dispatcher_id", "d1"),
        Map.of("dispatcher_id", "d1", "outcome", "started"),
        Map.of("dispatcher_id", "d1", "outcome", "terminate_error"));
    assertThat(scrape.samples(TAKEOVERS)).allMatch(s -> s.value() == 1);
    String latency = "compozy_dispatcher_takeover_latency_seconds";
    assertThat(scrape.value(latency + "_count", "dispatcher_id", "d1", "outcome", "started")).isEqualTo(1);
    assertThat(scrape.value(latency + "_sum", "dispatcher_id", "d1", "outcome", "started")).isEqualTo(0.03);
  }

  @Test
  void takeoverLatencyUsesTheOriginalBuckets() {
    metrics.takeover("d1", Duration.ofMillis(30), TakeoverOutcome.STARTED);
    assertThat(Scrape.of(service).labelValues("compozy_dispatcher_takeover_latency_seconds_bucket", "le"))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
  }

  @Test
  void scanAddsKeysAlwaysStaleOnlyWhenPositiveAndRecordsDuration() {
    metrics.scan(0, 0, Duration.ofMillis(2));
    metrics.scan(10, 0, Duration.ofMillis(20));
    metrics.scan(5, 2, Duration.ofMillis(200));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("compozy_dispatcher_keys_scanned_total")).containsExactly(Map.of());
    assertThat(scrape.value("compozy_dispatcher_keys_scanned_total")).isEqualTo(15);
    assertThat(scrape.value("compozy_dispatcher_stale_heartbeats_total")).isEqualTo(2);
    assertThat(scrape.value("compozy_dispatcher_scan_duration_seconds_count")).isEqualTo(3);
    assertThat(scrape.labelValues("compozy_dispatcher_scan_duration_seconds_bucket", "le")).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "+Inf");
  }

  @Test
  void idsBeyondTheCapAreRecordedWithAnEmptyIdThatNoRealDispatcherHas() {
    metrics.heartbeat("other");
    for (int i = 1; i < DispatcherMetrics.MAX_DISPATCHER_IDS + 5; i++) {
      metrics.heartbeat("d" + i);
    }
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(HEARTBEATS)).hasSize(DispatcherMetrics.MAX_DISPATCHER_IDS + 1);
    assertThat(scrape.value(HEARTBEATS, "dispatcher_id", "")).isEqualTo(5);
    assertThat(scrape.value(HEARTBEATS, "dispatcher_id", "other")).isEqualTo(1);
  }

  @Test
  void aStoppedDispatcherFreesItsSlotForANewId() {
    for (int i = 0; i < DispatcherMetrics.MAX_DISPATCHER_IDS; i++) {
      metrics.start("d" + i);
    }
    metrics.start("late");
    assertThat(Scrape.of(service).value(ACTIVE, "dispatcher_id", "")).isEqualTo(1);

    metrics.stop("d7");
    metrics.start("next");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "next")).isEqualTo(1);
    assertThat(scrape.value(EVENTS, "dispatcher_id", "next", "event", "start")).isEqualTo(1);
    // the stopped id's counters stay; its active series was dropped to keep the cap
    assertThat(scrape.value(EVENTS, "dispatcher_id", "d7", "event", "stop")).isEqualTo(1);
    assertThat(scrape.has(ACTIVE, "dispatcher_id", "d7")).isFalse();
    assertThat(scrape.labelSets(ACTIVE)).hasSize(DispatcherMetrics.MAX_DISPATCHER_IDS + 1);
  }

  @Test
  void aChurnOfDispatcherIdsKeepsTheActiveSeriesBoundedAndNeverOverflows() {
    for (int i = 0; i < 3 * DispatcherMetrics.MAX_DISPATCHER_IDS; i++) {
      metrics.start("d" + i);
      metrics.stop("d" + i);
    }
    metrics.start("last");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "last")).isEqualTo(1);
    assertThat(scrape.labelSets(ACTIVE).size()).isLessThanOrEqualTo(DispatcherMetrics.MAX_DISPATCHER_IDS + 1);
    assertThat(scrape.has(ACTIVE, "dispatcher_id", "")).isFalse();
  }

  @Test
  void aDispatcherStartedTwiceKeepsItsSlotUntilBothStopped() {
    metrics.start("d1");
    metrics.start("d1");
    metrics.stop("d1");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "d1")).isEqualTo(1);
    metrics.stop("d1");
    assertThat(Scrape.of(service).value(ACTIVE, "dispatcher_id", "d1")).isZero();
  }

  @Test
  void everyInstrumentHasADescription() {
    metrics.start("d1");
    metrics.heartbeat("d1");
    metrics.takeover("d1", Duration.ofMillis(1), TakeoverOutcome.ERROR);
    metrics.scan(1, 1, Duration.ofMillis(1));

    assertThat(Scrape.of(service).families("compozy_dispatcher_")).hasSize(9)
        .allSatisfy(family -> assertThat(family.help()).as(family.name()).isNotBlank());
  }

  @Test
  void bindingTwiceGivesTheSameInstanceAndOneSetOfInstruments() {
    assertThat(DispatcherMetrics.of(service)).isSameAs(metrics);
    DispatcherMetrics.of(service).start("d1");
    metrics.start("d1");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(ACTIVE)).containsExactly(Map.of("dispatcher_id", "d1"));
    assertThat(scrape.value(ACTIVE, "dispatcher_id", "d1")).isEqualTo(2);
    assertThat(scrape.value(EVENTS, "dispatcher_id", "d1", "event", "start")).isEqualTo(2);
  }

  @Test
  void shutdownClosesTheMetricsAndANewServiceStartsAfresh() {
    metrics.start("d1");
    PrometheusRegistry prometheus = service.prometheusRegistry().orElseThrow();

    service.shutdown();

    Scrape after = Scrape.of(prometheus);
    assertThat(after.labelSets(ACTIVE)).isEmpty();
    assertThat(after.labelSets(UPTIME)).isEmpty();
    metrics.start("d2");
    assertThat(Scrape.of(prometheus).labelSets(ACTIVE)).isEmpty();

    MonitoringService next = MonitoringService.builder().config(ENABLED).clock(clock).build();
    try {
      DispatcherMetrics fresh = DispatcherMetrics.of(next);
      assertThat(fresh).isNotSameAs(metrics);
      assertThat(Scrape.of(next).labelSets(ACTIVE)).isEmpty();
      fresh.start("d1");
      assertThat(Scrape.of(next).value(ACTIVE, "dispatcher_id", "d1")).isEqualTo(1);
    } finally {
      next.shutdown();
    }
  }

  @Test
  void aFailingClockIsLoggedOnceNotThrownAndTheOtherCallsKeepRecording() {
    try (LogCapture log = LogCapture.of(DispatcherMetrics.class)) {
      clock.failWith(new IllegalStateException("clock broken"));

      metrics.start("d1");
      metrics.restart("d1");
      metrics.heartbeat("d1");
      metrics.takeover("d1", Duration.ofMillis(5), TakeoverOutcome.STARTED);

      List<LogRecord> warnings = log.at(Level.WARNING);
      assertThat(warnings).singleElement().satisfies(r -> {
        assertThat(r.getMessage()).startsWith("Monitoring: dispatcher start failed");
        assertThat(r.getThrown()).hasMessage("clock broken");
      });
      assertThat(log.at(Level.FINE)).singleElement()
          .satisfies(r -> assertThat(r.getMessage()).isEqualTo("dispatcher restart failed"));
      // the uptime callback reads the clock too: the SDK contains its failure, the scrape goes on
      Scrape scrape = Scrape.of(service);
      assertThat(scrape.labelSets(UPTIME)).isEmpty();
      assertThat(scrape.value(HEARTBEATS, "dispatcher_id", "d1")).isEqualTo(1);
      assertThat(scrape.value(TAKEOVERS, "dispatcher_id", "d1", "outcome", "started")).isEqualTo(1);
    }
  }
}
