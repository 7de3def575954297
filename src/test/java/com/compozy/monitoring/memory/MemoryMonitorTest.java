package com.compozy.monitoring.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.ThrowingMeter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryMonitorTest {
  private static final MonitoringConfig ENABLED = MonitoringConfig.builder().enabled(true).build();
  private static final String DURATION = "compozy_memory_operation_duration_seconds";
  private static final String HEALTH = "compozy_memory_health_status";
  private static final String FAILURES = "compozy_memory_consecutive_failures";

  private final MonitoringService service = MonitoringService.create(ENABLED);
  /** Each read of the clock moves it 250 ms on, so every timed call lasts exactly 0.25 s. */
  private final AtomicLong nanos = new AtomicLong();
  private final MemoryMonitor monitor =
      new MemoryMonitor(service.meter(), () -> nanos.getAndAdd(250_000_000L));

  @AfterEach
  void shutdown() {
    monitor.close();
    service.shutdown();
  }

  private static Map<String, String> operation(String memory, String project, String operation, String status) {
    return Map.of("memory_id", memory, "project_id", project, "operation", operation, "status", status);
  }

  @Test
  void successRecordsTheDurationAndAHealthyMemory() throws Exception {
    String result = monitor.time("mem-1", "proj-1", "get_instance", () -> "instance");

    assertThat(result).isEqualTo("instance");
    Scrape scrape = Scrape.of(service);
    Map<String, String> success = operation("mem-1", "proj-1", "get_instance", "success");
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(success);
    assertThat(scrape.value(DURATION + "_count", success)).isEqualTo(1);
    assertThat(scrape.value(DURATION + "_sum", success)).isEqualTo(0.25);
    assertThat(scrape.labelSets(HEALTH)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(scrape.value(HEALTH, "memory_id", "mem-1")).isEqualTo(1);
    assertThat(scrape.labelSets(FAILURES)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(scrape.value(FAILURES, "memory_id", "mem-1")).isZero();
  }

  @Test
  void errorIsRethrownUnchangedAndRecordedAsErrorWithAnUnhealthyMemory() {
    IOException failure = new IOException("redis down");

    assertThatThrownBy(() -> monitor.time("mem-1", "proj-1", "get_instance", () -> {
      throw failure;
    })).isSameAs(failure);

    Scrape scrape = Scrape.of(service);
    Map<String, String> error = operation("mem-1", "proj-1", "get_instance", "error");
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(error);
    assertThat(scrape.value(DURATION + "_count", error)).isEqualTo(1);
    assertThat(scrape.labelSets(HEALTH)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(scrape.value(HEALTH, "memory_id", "mem-1")).isZero();
  }

  @Test
  void healthFlipsOnErrorsCountsThemInARowAndRecoversOnSuccess() throws Exception {
    monitor.time("mem-1", "p", "get_instance", () -> "ok");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> monitor.time("mem-1", "p", "get_instance", () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class);
    }
    Scrape failing = Scrape.of(service);
    assertThat(failing.value(HEALTH, "memory_id", "mem-1")).isZero();
    assertThat(failing.value(FAILURES, "memory_id", "mem-1")).isEqualTo(3);

    monitor.time("mem-1", "p", "get_instance", () -> "ok");

    Scrape recovered = Scrape.of(service);
    assertThat(recovered.labelSets(HEALTH)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(recovered.value(HEALTH, "memory_id", "mem-1")).isEqualTo(1);
    assertThat(recovered.value(FAILURES, "memory_id", "mem-1")).isZero();
    assertThat(recovered.value(DURATION + "_count", operation("mem-1", "p", "get_instance", "success"))).isEqualTo(2);
    assertThat(recovered.value(DURATION + "_count", operation("mem-1", "p", "get_instance", "error"))).isEqualTo(3);
  }

  @Test
  void missingIdsAreUnknown() throws Exception {
    monitor.time(null, " ", null, () -> 1);
    assertThat(Scrape.of(service).labelSets(DURATION + "_count"))
        .containsExactly(operation("unknown", "unknown", "unknown", "success"));
  }

  @Test
  void durationHistogramHasExplicitSecondBuckets() throws Exception {
    monitor.time("m", "p", "op", () -> 1);
    assertThat(Scrape.of(service).labelValues(DURATION + "_bucket", "le")).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
  }

  @Test
  void memoryIdsBeyondTheCapAreRecordedWithAnEmptyIdThatNoRealMemoryHas() {
    monitor.recordOperation("other", "p", "op", Duration.ofMillis(1), false);
    for (int i = 1; i < MemoryMonitor.MAX_MEMORY_IDS + 3; i++) {
      monitor.recordOperation("mem-" + i, "p", "op", Duration.ofMillis(1), true);
    }
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(HEALTH)).hasSize(MemoryMonitor.MAX_MEMORY_IDS + 1);
    assertThat(scrape.value(HEALTH, "memory_id", "")).isEqualTo(1);
    assertThat(scrape.value(HEALTH, "memory_id", "other")).isZero();
    assertThat(scrape.value(DURATION + "_count", operation("", "p", "op", "success"))).isEqualTo(3);
  }

  @Test
  void forgetFreesTheSlotOfADeletedMemory() {
    for (int i = 0; i < MemoryMonitor.MAX_MEMORY_IDS; i++) {
      monitor.recordOperation("mem-" + i, "p", "op", Duration.ofMillis(1), true);
    }
    monitor.forget("mem-3");
    monitor.recordOperation("new", "p", "op", Duration.ofMillis(1), false);
    monitor.forget("never-seen");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(HEALTH, "memory_id", "new")).isZero();
    assertThat(scrape.value(FAILURES, "memory_id", "new")).isEqualTo(1);
    assertThat(scrape.has(HEALTH, "memory_id", "mem-3")).isFalse();
    assertThat(scrape.has(HEALTH, "memory_id", "")).isFalse();
    assertThat(scrape.labelSets(HEALTH)).hasSize(MemoryMonitor.MAX_MEMORY_IDS);
  }

  @Test
  void otherMemoryInstrumentsRecordTheirSeries() {
    monitor.messages("m", "p", 3);
    monitor.tokens("m", "p", 120);
    monitor.trim("m", "p", "fifo", 40);
    monitor.trim("m", "p", "fifo", 0);
    monitor.flush("m", "p", "summarize");
    monitor.lockAcquired("m", "p");
    monitor.lockContention("m", "p");
    monitor.redaction("m", "p");
    monitor.circuitBreakerTrip("m", "p");
    monitor.tokensUsed("m", 900, 4000);

    Scrape scrape = Scrape.of(service);
    Map<String, String> ids = Map.of("memory_id", "m", "project_id", "p");
    Map<String, String> fifo = Map.of("memory_id", "m", "project_id", "p", "strategy", "fifo");
    Map<String, String> summarize = Map.of("memory_id", "m", "project_id", "p", "flush_type", "summarize");
    Map<String, Map<String, String>> labels = Map.of(
        "compozy_memory_messages_total", ids, "compozy_memory_tokens_total", ids,
        "compozy_memory_trim_total", fifo, "compozy_memory_tokens_saved_total", fifo,
        "compozy_memory_flush_total", summarize, "compozy_memory_lock_acquire_total", ids,
        "compozy_memory_lock_contention_total", ids, "compozy_memory_redaction_operations_total", ids,
        "compozy_memory_circuit_breaker_trips_total", ids,
        "compozy_memory_tokens_used", Map.of("memory_id", "m", "max_tokens", "4000"));
    labels.forEach((name, set) -> assertThat(scrape.labelSets(name)).as(name).containsExactly(set));
    assertThat(scrape.value("compozy_memory_messages_total", ids)).isEqualTo(3);
    assertThat(scrape.value("compozy_memory_tokens_total", ids)).isEqualTo(120);
    assertThat(scrape.value("compozy_memory_trim_total", fifo)).isEqualTo(2);
    assertThat(scrape.value("compozy_memory_tokens_saved_total", fifo)).isEqualTo(40);
    assertThat(scrape.value("compozy_memory_flush_total", summarize)).isEqualTo(1);
    assertThat(scrape.value("compozy_memory_lock_acquire_total", ids)).isEqualTo(1);
    assertThat(scrape.value("compozy_memory_lock_contention_total", ids)).isEqualTo(1);
    assertThat(scrape.value("compozy_memory_redaction_operations_total", ids)).isEqualTo(1);
    assertThat(scrape.value("compozy_memory_circuit_breaker_trips_total", ids)).isEqualTo(1);
    assertThat(scrape.value("compozy_memory_tokens_used", "memory_id", "m", "max_tokens", "4000")).isEqualTo(900);
  }

  @Test
  void everyMemoryInstrumentHasADescription() throws Exception {
    monitor.time("m", "p", "op", () -> 1);
    monitor.messages("m", "p", 1);
    monitor.tokens("m", "p", 1);
    monitor.trim("m", "p", "s", 1);
    monitor.flush("m", "p", "f");
    monitor.lockAcquired("m", "p");
    monitor.lockContention("m", "p");
    monitor.redaction("m", "p");
    monitor.circuitBreakerTrip("m", "p");
    monitor.tokensUsed("m", 1, 2);

    assertThat(Scrape.of(service).families("compozy_memory_")).hasSize(13)
        .allSatisfy(family -> assertThat(family.help()).as(family.name()).isNotBlank());
  }

  @Test
  void forgetRemovesTheGaugesOfADeletedMemory() {
    monitor.recordOperation("m", "p", "op", Duration.ofMillis(1), true);
    monitor.tokensUsed("m", 1, 2);
    monitor.forget("m");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(HEALTH)).isEmpty();
    assertThat(scrape.labelSets("compozy_memory_tokens_used")).isEmpty();
  }

  @Test
  void afterCloseNothingIsRecordedButTheWorkStillRuns() throws Exception {
    monitor.close();

    assertThat(monitor.time("m", "p", "op", () -> "still runs")).isEqualTo("still runs");
    monitor.messages("m", "p", 1);
    monitor.tokensUsed("m", 1, 2);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("compozy_memory_messages_total")).isEmpty();
    assertThat(scrape.labelSets(HEALTH)).isEmpty();
    assertThat(scrape.labelSets(DURATION + "_count")).isEmpty();
  }

  @Test
  void bindingTwiceGivesTheSameMonitorAndShutdownStopsItsGauges() {
    MemoryMonitor bound = MemoryMonitor.of(service);
    assertThat(MemoryMonitor.of(service)).isSameAs(bound);
    bound.recordOperation("m", "p", "op", Duration.ofMillis(1), true);
    PrometheusRegistry prometheus = service.prometheusRegistry().orElseThrow();
    assertThat(Scrape.of(prometheus).value(HEALTH, "memory_id", "m")).isEqualTo(1);

    service.shutdown();

    assertThat(Scrape.of(prometheus).labelSets(HEALTH)).isEmpty();
    MonitoringService next = MonitoringService.create(ENABLED);
    try {
      assertThat(MemoryMonitor.of(next)).isNotSameAs(bound);
      assertThat(Scrape.of(next).labelSets(HEALTH)).isEmpty();
    } finally {
      next.shutdown();
    }
  }

  @Test
  void instrumentsThatThrowAreLoggedNotThrownAndTheWorksOutcomePassesThrough() throws Exception {
    MemoryMonitor broken = new MemoryMonitor(ThrowingMeter.create(), System::nanoTime);
    try (LogCapture log = LogCapture.of(MemoryMonitor.class)) {
      assertThat(broken.time("m", "p", "op", () -> "result")).isEqualTo("result");
      IOException failure = new IOException("work failed");
      assertThatThrownBy(() -> broken.time("m", "p", "op", () -> {
        throw failure;
      })).isSameAs(failure);
      broken.recordOperation("m", "p", "op", Duration.ofMillis(1), true);
      broken.messages("m", "p", 1);
      broken.tokens("m", "p", 1);
      broken.trim("m", "p", "fifo", 1);
      broken.flush("m", "p", "f");
      broken.lockAcquired("m", "p");
      broken.lockContention("m", "p");
      broken.redaction("m", "p");
      broken.circuitBreakerTrip("m", "p");
      broken.tokensUsed("m", 1, 2);
      broken.forget("m");
      broken.close();

      // 11 recordings reached a throwing instrument: the first is a warning, the rest FINE
      assertThat(log.at(Level.WARNING)).singleElement().satisfies(r -> {
        assertThat(r.getMessage()).startsWith("Monitoring: recording a memory operation failed");
        assertThat(r.getThrown()).hasMessage("broken meter");
      });
      assertThat(log.at(Level.FINE)).hasSize(10);
    }
  }
}
