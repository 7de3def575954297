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
  void degradedServiceStaysUpWithTheErrorAsData() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID);

    HealthCheckResponse response = new MonitoringHealthCheck(degraded).call();

    assertThat(response.getStatus()).isEqualTo(Status.UP);
    Map<String, Object> data = response.getData().orElseThrow();
    // the degraded service keeps the config it was given, as the original does
    assertThat(data).containsEntry("initialized", false).containsEntry("enabled", true);
    assertThat((String) data.get("error")).contains("monitoring path must start with '/'");
  }

  @Test
  void degradedServiceIsDownWhenMonitoringIsRequired() {
    MonitoringService degraded = MonitoringService.createWithFallback(INVALID.toBuilder().required(true).build());

    HealthCheckResponse response = new MonitoringHealthCheck(degraded).call();

    assertThat(response.getStatus()).isEqualTo(Status.DOWN);
    assertThat(response.getData().orElseThrow()).containsEntry("required", true).containsKey("error");
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
}
