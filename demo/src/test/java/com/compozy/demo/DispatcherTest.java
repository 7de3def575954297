package com.compozy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.ManualClock;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedMetrics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's dispatcher goes stale when paused past its threshold, on the test's clock. */
@ExtendWith(MonitoringExtension.class)
class DispatcherTest {
  private static final String[] DISPATCHER = {"dispatcher_id", Dispatcher.ID};

  private final Dispatcher dispatcher = new Dispatcher();
  private DispatcherHealthRegistry health;

  @BeforeEach
  void startPaused(MonitoringService monitoring) {
    // what CDI injects in the application, from the test's service
    health = DispatcherHealthRegistry.of(monitoring);
    dispatcher.health = health;
    dispatcher.lifecycle = DispatcherMetrics.of(monitoring);
    dispatcher.staleAfterSeconds = 10;
    // paused before it starts, so its own heartbeat thread never beats during the test
    dispatcher.pause();
    dispatcher.start();
  }

  @AfterEach
  void stop() {
    dispatcher.stop();
  }

  @Test
  void pausedDispatcherIsStaleAfterItsThresholdAndFreshAgainOnResume(ManualClock clock, RecordedMetrics metrics) {
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0, health.staleCount());
    assertEquals(1, metrics.gauge("compozy_dispatcher_health_status",
        "dispatcher_id", Dispatcher.ID, "is_stale", "false"));

    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, health.staleCount());
    assertEquals(0, metrics.gauge("compozy_dispatcher_health_status",
        "dispatcher_id", Dispatcher.ID, "is_stale", "true"));
    assertEquals(11, metrics.gauge("compozy_dispatcher_heartbeat_age_seconds", DISPATCHER));
    assertEquals(11, metrics.gauge("compozy_dispatcher_uptime_seconds", DISPATCHER));

    dispatcher.resume();
    assertEquals(0, health.staleCount());
    assertEquals(1, metrics.gauge("compozy_dispatcher_health_status",
        "dispatcher_id", Dispatcher.ID, "is_stale", "false"));
    assertEquals(1, metrics.counter("compozy_dispatcher_heartbeat_total", DISPATCHER));
  }

  @Test
  void startIsALifecycleEventAndAnActiveDispatcher(RecordedMetrics metrics) {
    assertEquals(1, metrics.counter("compozy_dispatcher_lifecycle_events_total",
        "dispatcher_id", Dispatcher.ID, "event", "start"));
    assertEquals(1, metrics.gauge("compozy_dispatcher_active_total", DISPATCHER));
  }
}
