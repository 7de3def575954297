package com.compozy.monitoring.cdi;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.health.DispatchersHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Registers {@link DispatchersHealthCheck} on the application's dispatcher registry. */
@Readiness
@ApplicationScoped
class DispatchersReadiness implements HealthCheck {
  @Inject DispatcherHealthRegistry registry;

  @Override
  public HealthCheckResponse call() {
    return new DispatchersHealthCheck(registry).call();
  }
}
