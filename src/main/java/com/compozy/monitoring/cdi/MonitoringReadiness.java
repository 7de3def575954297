package com.compozy.monitoring.cdi;

import com.compozy.monitoring.health.MonitoringHealthCheck;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Registers {@link MonitoringHealthCheck} on the application's service as a readiness check. */
@Readiness
@ApplicationScoped
class MonitoringReadiness implements HealthCheck {
  @Inject MonitoringService service;
  @Inject RuntimeHttpMetricsCheck runtimeHttpMetrics;

  @Override
  public HealthCheckResponse call() {
    return new MonitoringHealthCheck(service, runtimeHttpMetrics.found().summary()).call();
  }
}
