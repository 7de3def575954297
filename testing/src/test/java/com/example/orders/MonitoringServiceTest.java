package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import org.junit.jupiter.api.Test;

// README "Testing": the original's TestMonitoringService, in Java (ReadmeSnippetsTest keeps them equal)
class MonitoringServiceTest {
  @Test
  void initializesWithAValidConfig() {
    MonitoringService service = MonitoringService.create(
        MonitoringConfig.builder().enabled(true).path("/metrics").build());
    try {
      assertTrue(service.isInitialized());
    } finally {
      service.shutdown();
    }
  }

  @Test
  void fallsBackGracefullyWhenInitializationFails() {
    MonitoringService service = MonitoringService.createWithFallback(
        MonitoringConfig.builder().enabled(true).path("invalid-path").build()); // invalid path

    assertFalse(service.isInitialized());
    assertTrue(service.initializationError().isPresent());
  }
}
