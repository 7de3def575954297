package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherHealthMetricsTest {
  private final TestClock clock = new TestClock();
  private final DispatcherHealthRegistry registry = new DispatcherHealthRegistry(clock);
  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void exposesHealthAgeAndFailuresPerDispatcher() {
    DispatcherHealthMetrics.register(service, registry);
    registry.register("fresh", Duration.ofMinutes(1));
    registry.register("slow", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(15));
    registry.heartbeat("fresh");
    clock.advance(Duration.ofMillis(500));

    assertThat(Scrape.samples(service, "compozy_dispatcher_health_status")).containsExactly(
        "compozy_dispatcher_health_status{dispatcher_id=\"fresh\",is_stale=\"false\"} 1.0",
        "compozy_dispatcher_health_status{dispatcher_id=\"slow\",is_stale=\"true\"} 0.0");
    assertThat(Scrape.samples(service, "compozy_dispatcher_heartbeat_age_seconds")).containsExactly(
        "compozy_dispatcher_heartbeat_age_seconds{dispatcher_id=\"fresh\"} 0.5",
        "compozy_dispatcher_heartbeat_age_seconds{dispatcher_id=\"slow\"} 15.5");
    // the scrapes above were the 1st and 2nd stale evaluations of "slow"
    assertThat(Scrape.samples(service, "compozy_dispatcher_consecutive_failures")).containsExactly(
        "compozy_dispatcher_consecutive_failures{dispatcher_id=\"fresh\"} 0.0",
        "compozy_dispatcher_consecutive_failures{dispatcher_id=\"slow\"} 3.0");
  }

  @Test
  void healthSeriesFlipsToStaleAndBackWithoutKeepingTheOldLabelValue() {
    DispatcherHealthMetrics.register(service, registry);
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    assertThat(Scrape.samples(service, "compozy_dispatcher_health_status"))
        .containsExactly("compozy_dispatcher_health_status{dispatcher_id=\"d1\",is_stale=\"true\"} 0.0");

    registry.heartbeat("d1");
    assertThat(Scrape.samples(service, "compozy_dispatcher_health_status"))
        .containsExactly("compozy_dispatcher_health_status{dispatcher_id=\"d1\",is_stale=\"false\"} 1.0");
  }

  @Test
  void gaugesHaveDescriptionsAndStopAfterClose() {
    DispatcherHealthMetrics metrics = DispatcherHealthMetrics.register(service, registry);
    registry.register("d1", Duration.ofSeconds(10));
    assertThat(Scrape.text(service))
        .contains("# HELP compozy_dispatcher_health_status Dispatcher health status (1=healthy, 0=unhealthy)")
        .contains("# TYPE compozy_dispatcher_health_status gauge")
        .contains("# TYPE compozy_dispatcher_heartbeat_age_seconds gauge")
        .contains("# TYPE compozy_dispatcher_consecutive_failures gauge");

    metrics.close();
    metrics.close();

    assertThat(Scrape.samples(service, "compozy_dispatcher_health_status")).isEmpty();
  }

  @Test
  void unregisteredDispatchersDisappearFromTheGauges() {
    DispatcherHealthMetrics.register(service, registry);
    registry.register("d1", Duration.ofSeconds(10));
    registry.register("d2", Duration.ofSeconds(10));
    registry.unregister("d1");

    assertThat(Scrape.samples(service, "compozy_dispatcher_heartbeat_age_seconds"))
        .containsExactly("compozy_dispatcher_heartbeat_age_seconds{dispatcher_id=\"d2\"} 0.0");
  }
}
