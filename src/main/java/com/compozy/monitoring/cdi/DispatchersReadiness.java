package com.compozy.monitoring.cdi;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.health.DispatchersHealthCheck;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Registers {@link DispatchersHealthCheck} on the application's dispatcher registry; with
 * {@code monitoring.readiness.dispatchers=false} its report-only form, which stays UP.
 */
@Readiness
@ApplicationScoped
class DispatchersReadiness implements HealthCheck {
  @Inject DispatcherHealthRegistry registry;
  @Inject MonitoringService service;

  @Override
  public HealthCheckResponse call() {
    return service.config().dispatchersInReadiness()
        ? new DispatchersHealthCheck(registry).call()
        : DispatchersHealthCheck.reportOnly(registry).call();
  }
}
