package com.compozy.monitoring.memory;

import com.compozy.monitoring.testing.Scrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryMonitorTest {
  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  /** Each read of the clock moves it 250 ms on, so every timed call lasts exactly 0.25 s. */
  private final AtomicLong nanos = new AtomicLong();
  private final MemoryMonitor monitor =
      new MemoryMonitor(service.meter(), () -> nanos.getAndAdd(250_000_000L));

  @AfterEach
  void shutdown() {
    monitor.close();
    service.shutdown();
  }

  @Test
  void successRecordsTheDurationAndAHealthyMemory() throws Exception {
    String result = monitor.time("mem-1", "proj-1", "get_instance", () -> "instance");

    assertThat(result).isEqualTo("instance");
    assertThat(Scrape.text(service))
        .contains("compozy_memory_operation_duration_seconds_count{memory_id=\"mem-1\",operation=\"get_instance\","
            + "project_id=\"proj-1\",status=\"success\"} 1")
        .contains("compozy_memory_operation_duration_seconds_sum{memory_id=\"mem-1\",operation=\"get_instance\","
            + "project_id=\"proj-1\",status=\"success\"} 0.25");
    assertThat(Scrape.samples(service, "compozy_memory_health_status"))
        .containsExactly("compozy_memory_health_status{memory_id=\"mem-1\"} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_consecutive_failures"))
        .containsExactly("compozy_memory_consecutive_failures{memory_id=\"mem-1\"} 0.0");
  }

  @Test
  void errorIsRethrownUnchangedAndRecordedAsErrorWithAnUnhealthyMemory() {
    IOException failure = new IOException("redis down");

    assertThatThrownBy(() -> monitor.time("mem-1", "proj-1", "get_instance", () -> {
      throw failure;
    })).isSameAs(failure);

    assertThat(Scrape.text(service)).contains(
        "compozy_memory_operation_duration_seconds_count{memory_id=\"mem-1\",operation=\"get_instance\","
            + "project_id=\"proj-1\",status=\"error\"} 1");
    assertThat(Scrape.samples(service, "compozy_memory_health_status"))
        .containsExactly("compozy_memory_health_status{memory_id=\"mem-1\"} 0.0");
  }

  @Test
  void healthFlipsOnErrorsCountsThemInARowAndRecoversOnSuccess() throws Exception {
    monitor.time("mem-1", "p", "get_instance", () -> "ok");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> monitor.time("mem-1", "p", "get_instance", () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class);
    }
    assertThat(Scrape.samples(service, "compozy_memory_health_status"))
        .containsExactly("compozy_memory_health_status{memory_id=\"mem-1\"} 0.0");
    assertThat(Scrape.samples(service, "compozy_memory_consecutive_failures"))
        .containsExactly("compozy_memory_consecutive_failures{memory_id=\"mem-1\"} 3.0");

    monitor.time("mem-1", "p", "get_instance", () -> "ok");

    assertThat(Scrape.samples(service, "compozy_memory_health_status"))
        .containsExactly("compozy_memory_health_status{memory_id=\"mem-1\"} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_consecutive_failures"))
        .containsExactly("compozy_memory_consecutive_failures{memory_id=\"mem-1\"} 0.0");
    assertThat(Scrape.text(service)).contains("status=\"success\"} 2").contains("status=\"error\"} 3");
  }

  @Test
  void missingIdsAreUnknown() throws Exception {
    monitor.time(null, " ", null, () -> 1);
    assertThat(Scrape.text(service)).contains("compozy_memory_operation_duration_seconds_count{memory_id=\"unknown\","
        + "operation=\"unknown\",project_id=\"unknown\",status=\"success\"} 1");
  }

  @Test
  void durationHistogramHasExplicitSecondBuckets() throws Exception {
    monitor.time("m", "p", "op", () -> 1);
    List<String> bounds = Scrape.text(service).lines()
        .filter(l -> l.startsWith("compozy_memory_operation_duration_seconds_bucket{"))
        .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
    assertThat(bounds).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
  }

  @Test
  void memoryIdsBeyondTheCapAreRecordedAsOther() {
    for (int i = 0; i < MemoryMonitor.MAX_MEMORY_IDS + 3; i++) {
      monitor.recordOperation("mem-" + i, "p", "op", Duration.ofMillis(1), true);
    }
    List<String> health = Scrape.samples(service, "compozy_memory_health_status");
    assertThat(health).hasSize(MemoryMonitor.MAX_MEMORY_IDS + 1)
        .contains("compozy_memory_health_status{memory_id=\"other\"} 1.0");
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

    String ids = "memory_id=\"m\",project_id=\"p\"";
    assertThat(Scrape.samples(service, "compozy_memory_messages_total"))
        .containsExactly("compozy_memory_messages_total{" + ids + "} 3.0");
    assertThat(Scrape.samples(service, "compozy_memory_tokens_total"))
        .containsExactly("compozy_memory_tokens_total{" + ids + "} 120.0");
    assertThat(Scrape.samples(service, "compozy_memory_trim_total"))
        .containsExactly("compozy_memory_trim_total{" + ids + ",strategy=\"fifo\"} 2.0");
    assertThat(Scrape.samples(service, "compozy_memory_tokens_saved_total"))
        .containsExactly("compozy_memory_tokens_saved_total{" + ids + ",strategy=\"fifo\"} 40.0");
    assertThat(Scrape.samples(service, "compozy_memory_flush_total"))
        .containsExactly("compozy_memory_flush_total{flush_type=\"summarize\"," + ids + "} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_lock_acquire_total"))
        .containsExactly("compozy_memory_lock_acquire_total{" + ids + "} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_lock_contention_total"))
        .containsExactly("compozy_memory_lock_contention_total{" + ids + "} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_redaction_operations_total"))
        .containsExactly("compozy_memory_redaction_operations_total{" + ids + "} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_circuit_breaker_trips_total"))
        .containsExactly("compozy_memory_circuit_breaker_trips_total{" + ids + "} 1.0");
    assertThat(Scrape.samples(service, "compozy_memory_tokens_used"))
        .containsExactly("compozy_memory_tokens_used{max_tokens=\"4000\",memory_id=\"m\"} 900.0");
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
    String text = Scrape.text(service);
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE compozy_memory_"))).hasSize(13);
    assertThat(text.lines().filter(l -> l.startsWith("# HELP compozy_memory_")))
        .hasSize(13).allMatch(l -> l.split(" ", 4).length == 4);
  }

  @Test
  void forgetRemovesTheGaugesOfADeletedMemory() {
    monitor.recordOperation("m", "p", "op", Duration.ofMillis(1), true);
    monitor.tokensUsed("m", 1, 2);
    monitor.forget("m");
    assertThat(Scrape.samples(service, "compozy_memory_health_status")).isEmpty();
    assertThat(Scrape.samples(service, "compozy_memory_tokens_used")).isEmpty();
  }

  @Test
  void afterCloseNothingIsRecordedAndNothingThrows() throws Exception {
    monitor.close();
    assertThat(monitor.time("m", "p", "op", () -> "still runs")).isEqualTo("still runs");
    assertThatCode(() -> {
      monitor.messages("m", "p", 1);
      monitor.tokensUsed("m", 1, 2);
    }).doesNotThrowAnyException();
    assertThat(Scrape.samples(service, "compozy_memory_messages_total")).isEmpty();
    assertThat(Scrape.samples(service, "compozy_memory_health_status")).isEmpty();
  }
}
