package com.compozy.monitoring.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.TestClock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

/** The readiness bean as CDI fills it, with the service built from MicroProfile-style keys. */
class DispatchersReadinessTest {
  private final TestClock clock = new TestClock();

  private DispatchersReadiness readiness(Map<String, String> settings) {
    DispatchersReadiness bean = new DispatchersReadiness();
    bean.service = MonitoringService.builder().configSource(settings::get).clock(clock).build();
    bean.registry = new DispatcherHealthRegistry(clock);
    bean.registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(30));
    return bean;
  }

  @Test
  void aStaleDispatcherMakesReadinessDownByDefault() {
    HealthCheckResponse response = readiness(Map.of()).call();
    assertThat(response.getStatus()).isEqualTo(Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("stale", 1L).doesNotContainKey("in_readiness");
  }

  @Test
  void theKeyLeavesDispatchersOutOfReadinessButKeepsTheirData() {
    HealthCheckResponse response =
        readiness(Map.of(MonitoringConfig.READINESS_DISPATCHERS_KEY, "false")).call();
    assertThat(response.getName()).isEqualTo("dispatchers");
    assertThat(response.getStatus()).isEqualTo(Status.UP);
    assertThat(response.getData().orElseThrow()).containsEntry("stale", 1L)
        .containsEntry("d1.consecutive_failures", 3L).containsEntry("in_readiness", false);
  }

  @Test
  void theKeyIsParsedLikeEveryOtherBoolean() {
    assertThat(MonitoringConfig.fromSource(Map.of(MonitoringConfig.READINESS_DISPATCHERS_KEY, "OFF")::get)
        .dispatchersInReadiness()).isFalse();
    assertThat(MonitoringConfig.defaults().dispatchersInReadiness()).isTrue();
    assertThat(MonitoringConfig.defaults().toBuilder().dispatchersInReadiness(false).build()
        .toBuilder().build().dispatchersInReadiness()).isFalse();
  }
}
