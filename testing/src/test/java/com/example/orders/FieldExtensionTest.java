package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.ManualClock;
import com.compozy.monitoring.testing.MonitoringExtension;
import io.opentelemetry.api.metrics.LongCounter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension as a field, and what it promises about the service's life. */
class FieldExtensionTest {
  @RegisterExtension final MonitoringExtension monitoring = new MonitoringExtension();

  private MonitoringService seenInTest;

  @Test
  void fieldAndParametersGiveTheSameService(MonitoringService parameter, ManualClock clock) {
    seenInTest = monitoring.service();
    assertSame(parameter, monitoring.service());
    assertSame(clock, monitoring.clock());
    assertSame(clock, monitoring.service().clock());
    assertTrue(monitoring.service().isInitialized());

    LongCounter counter = monitoring.service().meter().counterBuilder("field_total").build();
    counter.add(5);
    assertEquals(5, monitoring.metrics().counter("field_total"));
  }

  @AfterEach
  void serviceLivesUntilAfterTheTest(MonitoringService parameter) {
    if (seenInTest != null) {
      assertSame(seenInTest, parameter);
    }
    assertTrue(parameter.isInitialized());
  }

  @Test
  void clockMovesOnlyForward(ManualClock clock) {
    assertEquals(ManualClock.START, clock.instant());
    Instant later = clock.advance(Duration.ofSeconds(90));
    assertEquals(ManualClock.START.plusSeconds(90), later);
    assertEquals(later, clock.instant());
    IllegalArgumentException back = assertThrows(IllegalArgumentException.class,
        () -> clock.advance(Duration.ofSeconds(-1)));
    assertEquals("a clock only moves forward: got PT-1S", back.getMessage());
  }

  @Test
  void outsideATestThereIsNoService() {
    MonitoringExtension notRegistered = new MonitoringExtension();
    IllegalStateException error = assertThrows(IllegalStateException.class, notRegistered::service);
    assertTrue(error.getMessage().startsWith("No test is running"), error.getMessage());
  }

  @Test
  void disabledConfigIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new MonitoringExtension(MonitoringConfig.builder().enabled(false).build()));
    assertTrue(refused.getMessage().startsWith("MonitoringExtension needs an enabled config"), refused.getMessage());
  }
}
