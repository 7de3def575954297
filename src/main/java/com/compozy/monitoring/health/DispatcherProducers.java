package com.compozy.monitoring.health;

import com.compozy.monitoring.dispatcher.DispatcherHealthMetrics;
import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Gives a CDI application one {@link DispatcherHealthRegistry} (with its gauges) and one
 * {@link DispatcherMetrics}, both bound to the application's {@link MonitoringService} and closed
 * when the application stops.
 *
 * <pre>{@code
 * @Inject DispatcherHealthRegistry dispatchers;
 * @Inject DispatcherMetrics dispatcherMetrics;
 * }</pre>
 */
@ApplicationScoped
class DispatcherProducers {
  @Inject MonitoringService service;

  private DispatcherHealthRegistry registry;
  private DispatcherHealthMetrics healthMetrics;
  private DispatcherMetrics lifecycleMetrics;

  @PostConstruct
  void start() {
    registry = new DispatcherHealthRegistry();
    healthMetrics = DispatcherHealthMetrics.register(service, registry);
    lifecycleMetrics = DispatcherMetrics.register(service);
  }

  @PreDestroy
  void stop() {
    healthMetrics.close();
    lifecycleMetrics.close();
  }

  @Produces
  DispatcherHealthRegistry registry() {
    return registry;
  }

  @Produces
  DispatcherMetrics lifecycleMetrics() {
    return lifecycleMetrics;
  }
}
