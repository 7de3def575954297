package com.compozy.monitoring.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
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
      HealthCheckResponse response = new MonitoringHealthCheck(service, false).call();
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
  void degradedServiceStaysUpWithTheErrorAsData() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID);

    HealthCheckResponse response = new MonitoringHealthCheck(degraded, false).call();

    assertThat(response.getStatus()).isEqualTo(Status.UP);
    Map<String, Object> data = response.getData().orElseThrow();
    // the degraded service keeps the config it was given, as the original does
    assertThat(data).containsEntry("initialized", false).containsEntry("enabled", true);
    assertThat((String) data.get("error")).contains("monitoring path must start with '/'");
  }

  @Test
  void degradedServiceIsDownWhenMonitoringIsRequired() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID);

    HealthCheckResponse response = new MonitoringHealthCheck(degraded, true).call();

    assertThat(response.getStatus()).isEqualTo(Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("required", true).containsKey("error");
  }

  @Test
  void disabledServiceIsUpWithoutErrorUnlessRequired() {
    MonitoringService disabled = MonitoringService.create(MonitoringConfig.defaults());

    HealthCheckResponse optional = new MonitoringHealthCheck(disabled, false).call();
    assertThat(optional.getStatus()).isEqualTo(Status.UP);
    assertThat(optional.getData().orElseThrow())
        .containsEntry("enabled", false).containsEntry("initialized", false).doesNotContainKey("error");

    assertThat(new MonitoringHealthCheck(disabled, true).call().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void requiredSettingIsReadLeniently() {
    assertThat(HealthSettings.required(key -> null)).isFalse();
    assertThat(HealthSettings.required(key -> " TRUE ")).isTrue();
    assertThat(HealthSettings.required(key -> "on")).isTrue();
    assertThat(HealthSettings.required(key -> "0")).isFalse();
    assertThat(HealthSettings.required(key -> "maybe")).isFalse();
    assertThat(HealthSettings.required(key -> key.equals("monitoring.required") ? "yes" : null)).isTrue();
  }
}
