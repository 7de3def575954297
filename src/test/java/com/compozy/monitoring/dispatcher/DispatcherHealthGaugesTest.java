package com.compozy.monitoring.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health gauges of {@link DispatcherHealthRegistry#of}, as a scraper sees them. */
class DispatcherHealthGaugesTest {
  private static final String STATUS = "compozy_dispatcher_health_status";
  private static final String AGE = "compozy_dispatcher_heartbeat_age_seconds";
  private static final String FAILURES = "compozy_dispatcher_consecutive_failures";

  private final TestClock clock = new TestClock();
  private final MonitoringService service = MonitoringService.builder()
      .config(MonitoringConfig.builder().enabled(true).build()).clock(clock).build();
  private final DispatcherHealthRegistry registry = DispatcherHealthRegistry.of(service);

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void exposesHealthAgeAndFailuresPerDispatcher() {
    registry.register("fresh", Duration.ofMinutes(1));
    registry.register("slow", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(15));
    registry.heartbeat("fresh");
    clock.advance(Duration.ofMillis(500));

    Scrape first = Scrape.of(service);
    assertThat(first.labelSets(STATUS)).containsExactly(
        Map.of("dispatcher_id", "fresh", "is_stale", "false"), Map.of("dispatcher_id", "slow", "is_stale", "true"));
    assertThat(first.value(STATUS, "dispatcher_id", "fresh", "is_stale", "false")).isEqualTo(1);
    assertThat(first.value(STATUS, "dispatcher_id", "slow", "is_stale", "true")).isZero();
    assertThat(first.labelSets(AGE)).containsExactly(Map.of("dispatcher_id", "fresh"), Map.of("dispatcher_id", "slow"));
    assertThat(first.value(AGE, "dispatcher_id", "fresh")).isEqualTo(0.5);
    assertThat(first.value(AGE, "dispatcher_id", "slow")).isEqualTo(15.5);
    assertThat(first.value(FAILURES, "dispatcher_id", "fresh")).isZero();
    assertThat(first.value(FAILURES, "dispatcher_id", "slow")).isEqualTo(1);

    // collections do not count: only missed intervals of time do
    assertThat(Scrape.of(service).value(FAILURES, "dispatcher_id", "slow")).isEqualTo(1);
    clock.advance(Duration.ofMillis(4500));
    assertThat(Scrape.of(service).value(FAILURES, "dispatcher_id", "slow")).isEqualTo(2);
  }

  @Test
  void healthSeriesFlipsToStaleAndBackWithoutKeepingTheOldLabelValue() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    Scrape stale = Scrape.of(service);
    assertThat(stale.labelSets(STATUS)).containsExactly(Map.of("dispatcher_id", "d1", "is_stale", "true"));
    assertThat(stale.value(STATUS, "dispatcher_id", "d1", "is_stale", "true")).isZero();

    registry.heartbeat("d1");
    Scrape fresh = Scrape.of(service);
    assertThat(fresh.labelSets(STATUS)).containsExactly(Map.of("dispatcher_id", "d1", "is_stale", "false"));
    assertThat(fresh.value(STATUS, "dispatcher_id", "d1", "is_stale", "false")).isEqualTo(1);
  }

  @Test
  void gaugesHaveDescriptionsAndStopWhenTheServiceShutsDown() {
    registry.register("d1", Duration.ofSeconds(10));
    assertThat(Scrape.of(service).families("compozy_dispatcher_")).containsExactlyInAnyOrder(
        new Scrape.Family(STATUS, "gauge", "Dispatcher health status (1=healthy, 0=unhealthy)"),
        new Scrape.Family(AGE, "gauge", "Seconds since the last dispatcher heartbeat was observed"),
        new Scrape.Family(FAILURES, "gauge", "Number of consecutive dispatcher health check failures"));

    registry.close();
    registry.close();

    assertThat(Scrape.of(service).labelSets(STATUS)).isEmpty();
  }

  @Test
  void unregisteredDispatchersDisappearFromTheGauges() {
    registry.register("d1", Duration.ofSeconds(10));
    registry.register("d2", Duration.ofSeconds(10));
    registry.unregister("d1");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(AGE)).containsExactly(Map.of("dispatcher_id", "d2"));
    assertThat(scrape.value(AGE, "dispatcher_id", "d2")).isZero();
  }

  @Test
  void boundOncePerServiceOnTheServicesClockAndAfreshOnANewService() {
    assertThat(DispatcherHealthRegistry.of(service)).isSameAs(registry);
    assertThat(registry.clock()).isSameAs(clock);
    registry.register("d1", Duration.ofSeconds(10));
    assertThat(Scrape.of(service).labelSets(AGE)).hasSize(1);

    MonitoringService next = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      DispatcherHealthRegistry fresh = DispatcherHealthRegistry.of(next);
      assertThat(fresh).isNotSameAs(registry);
      assertThat(fresh.getAll()).isEmpty();
      assertThat(Scrape.of(next).labelSets(AGE)).isEmpty();
    } finally {
      next.shutdown();
    }
  }

  @Test
  void shutdownClosesTheGauges() {
    registry.register("d1", Duration.ofSeconds(10));
    PrometheusRegistry prometheus = service.prometheusRegistry().orElseThrow();

    service.shutdown();

    assertThat(Scrape.of(prometheus).labelSets(STATUS)).isEmpty();
  }

  @Test
  void aFailingClockFailsOneCollectionNotTheScrape() {
    registry.register("d1", Duration.ofSeconds(10));
    try (LogCapture log = LogCapture.of(DispatcherHealthGauges.class)) {
      clock.failWith(new IllegalStateException("clock broken"));

      Scrape broken = Scrape.of(service);

      assertThat(broken.labelSets(STATUS)).isEmpty();
      assertThat(log.at(Level.WARNING)).singleElement()
          .satisfies(r -> assertThat(r.getThrown()).hasMessage("clock broken"));
    }
    clock.recover();
    assertThat(Scrape.of(service).value(STATUS, "dispatcher_id", "d1", "is_stale", "false")).isEqualTo(1);
  }
}
