package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service of one test is shut down (its bound features closed) before the next test runs. */
@ExtendWith(MonitoringExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShutdownAfterTestTest {
  /** A feature bound to the service, as the library's own are; the service closes it on shutdown. */
  static final class Feature implements AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static MonitoringService firstService;
  private static Feature firstFeature;

  @Test
  @Order(1)
  void first(MonitoringService monitoring) {
    firstService = monitoring;
    firstFeature = monitoring.bind(Feature.class, service -> new Feature());
    assertFalse(firstFeature.closed.get());
  }

  @Test
  @Order(2)
  void second(MonitoringService monitoring) {
    assertNotNull(firstFeature, "the first test ran");
    assertTrue(firstFeature.closed.get(), "the first test's service was shut down after it");
    assertNotSame(firstService, monitoring);
    assertFalse(monitoring.bind(Feature.class, service -> new Feature()).closed.get());
  }
}
