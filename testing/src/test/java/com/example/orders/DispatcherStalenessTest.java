package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.ManualClock;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A dispatcher turned stale by the manual clock: no sleep, no wall time. */
@ExtendWith(MonitoringExtension.class)
class DispatcherStalenessTest {
  @Test
  void dispatcherIsStaleOnceItsThresholdHasPassed(MonitoringService monitoring, ManualClock clock,
      RecordedMetrics metrics) {
    DispatcherHealthRegistry dispatchers = DispatcherHealthRegistry.of(monitoring);
    dispatchers.register("dispatcher-1", Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(30));
    assertEquals(0, dispatchers.staleCount(), "stale only when strictly older than the threshold");
    assertEquals(1, metrics.gauge("compozy_dispatcher_health_status", "dispatcher_id", "dispatcher-1",
        "is_stale", "false"));

    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, dispatchers.staleCount());
    assertFalse(dispatchers.get("dispatcher-1").orElseThrow().healthy());
    assertEquals(0, metrics.gauge("compozy_dispatcher_health_status", "dispatcher_id", "dispatcher-1",
        "is_stale", "true"));
    assertEquals(31, metrics.gauge("compozy_dispatcher_heartbeat_age_seconds", "dispatcher_id", "dispatcher-1"));

    dispatchers.heartbeat("dispatcher-1");
    assertEquals(0, dispatchers.staleCount());
    assertTrue(dispatchers.get("dispatcher-1").orElseThrow().healthy());
    assertEquals(0, metrics.gauge("compozy_dispatcher_heartbeat_age_seconds", "dispatcher_id", "dispatcher-1"));
  }
}
