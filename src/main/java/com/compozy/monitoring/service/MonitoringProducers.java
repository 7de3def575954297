package com.compozy.monitoring.service;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Produces the application's {@link MonitoringService} and, qualified, its meter. */
@Dependent
class MonitoringProducers {
  @Inject MonitoringBootstrap bootstrap;

  @Produces
  MonitoringService service() {
    return bootstrap.service();
  }

  @Produces
  @Monitoring
  Meter meter() {
    return bootstrap.service().meter();
  }

  @Produces
  @Monitoring
  OpenTelemetry openTelemetry() {
    return bootstrap.service().openTelemetry();
  }
}
