package com.compozy.monitoring.memory;

import com.compozy.monitoring.service.MonitoringService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Gives a CDI application (and {@link MemoryOperationInterceptor}) one {@link MemoryMonitor} bound to
 * the application's {@link MonitoringService}, closed when the application stops.
 */
@ApplicationScoped
class MemoryMonitorProducer {
  @Inject MonitoringService service;

  private MemoryMonitor monitor;

  @PostConstruct
  void start() {
    monitor = MemoryMonitor.register(service);
  }

  @PreDestroy
  void stop() {
    monitor.close();
  }

  @Produces
  MemoryMonitor monitor() {
    return monitor;
  }
}
