package com.compozy.monitoring.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.testing.TestClock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class DispatchersHealthCheckTest {
  private final TestClock clock = new TestClock();
  private final DispatcherHealthRegistry registry = new DispatcherHealthRegistry(clock);
  private final DispatchersHealthCheck check = new DispatchersHealthCheck(registry);

  @Test
  void upWhenNoDispatcherIsRegistered() {
    HealthCheckResponse response = check.call();
    assertThat(response.getName()).isEqualTo("dispatchers");
    assertThat(response.getStatus()).isEqualTo(Status.UP);
    assertThat(response.getData().orElseThrow())
        .containsExactly(Map.entry("healthy", 0L), Map.entry("stale", 0L));
  }

  @Test
  void upWhileEveryDispatcherHeartbeats() {
    registry.register("d1", Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(12));

    HealthCheckResponse response = check.call();

    assertThat(response.getStatus()).isEqualTo(Status.UP);
    assertThat(response.getData().orElseThrow()).containsExactly(
        Map.entry("healthy", 1L), Map.entry("stale", 0L),
        Map.entry("d1.heartbeat_age_seconds", 12L),
        Map.entry("d1.stale_threshold_seconds", 30L),
        Map.entry("d1.consecutive_failures", 0L));
  }

  @Test
  void downWhenAnyDispatcherIsStaleWithStaleOnesListedFirst() {
    registry.register("a-fresh", Duration.ofMinutes(5));
    registry.register("z-stale", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(20));

    HealthCheckResponse response = check.call();

    assertThat(response.getStatus()).isEqualTo(Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsExactly(
        Map.entry("healthy", 1L), Map.entry("stale", 1L),
        Map.entry("z-stale.heartbeat_age_seconds", 20L),
        Map.entry("z-stale.stale_threshold_seconds", 10L),
        Map.entry("z-stale.consecutive_failures", 2L),
        Map.entry("a-fresh.heartbeat_age_seconds", 20L),
        Map.entry("a-fresh.stale_threshold_seconds", 300L),
        Map.entry("a-fresh.consecutive_failures", 0L));
  }

  @Test
  void recoversWhenTheStaleDispatcherHeartbeatsAgain() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    assertThat(check.call().getStatus()).isEqualTo(Status.DOWN);
    assertThat(check.call().getData().orElseThrow()).containsEntry("d1.consecutive_failures", 1L);

    registry.heartbeat("d1");

    assertThat(check.call().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void twoHundredProbesDoNotMoveConsecutiveFailuresOnlyMissedIntervalsDo() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(25));

    for (int i = 0; i < 200; i++) {
      check.call();
    }

    Map<String, Object> data = check.call().getData().orElseThrow();
    assertThat(data).containsEntry("d1.consecutive_failures", 2L)
        .containsEntry("d1.heartbeat_age_seconds", 25L);
    clock.advance(Duration.ofSeconds(5));
    assertThat(check.call().getData().orElseThrow()).containsEntry("d1.consecutive_failures", 3L);
  }

  @Test
  void theReportOnlyCheckGivesTheSameDataButStaysUp() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));

    HealthCheckResponse response = DispatchersHealthCheck.reportOnly(registry).call();

    assertThat(response.getName()).isEqualTo("dispatchers");
    assertThat(response.getStatus()).isEqualTo(Status.UP);
    assertThat(response.getData().orElseThrow()).containsExactly(
        Map.entry("healthy", 0L), Map.entry("stale", 1L),
        Map.entry("d1.heartbeat_age_seconds", 11L),
        Map.entry("d1.stale_threshold_seconds", 10L),
        Map.entry("d1.consecutive_failures", 1L),
        Map.entry("in_readiness", false));
    assertThat(check.call().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void detailsAreBoundedButCountsAreComplete() {
    for (int i = 0; i < DispatchersHealthCheck.MAX_DETAILED + 20; i++) {
      registry.register(String.format("d%03d", i), Duration.ofMinutes(1));
    }
    Map<String, Object> data = check.call().getData().orElseThrow();
    assertThat(data).containsEntry("healthy", (long) DispatchersHealthCheck.MAX_DETAILED + 20)
        .containsEntry("details_truncated", true)
        .hasSize(2 + 3 * DispatchersHealthCheck.MAX_DETAILED + 1);
  }
}
