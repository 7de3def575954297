package com.compozy.monitoring.cdi;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Unqualified {@code Meter}, {@code Tracer} and {@code OpenTelemetry}. A priority alternative, so
 * that when the runtime registers its own beans of these types (Liberty's mpTelemetry) injection
 * picks ours instead of failing the deployment as ambiguous. The priority sits below
 * {@code APPLICATION}, so an application's own alternative still wins.
 */
@Alternative
@Priority(Interceptor.Priority.LIBRARY_AFTER)
@Dependent
class DefaultProducers {
  @Inject MonitoringBootstrap bootstrap;

  @Produces
  Meter meter() {
    return bootstrap.service().meter();
  }

  @Produces
  Tracer tracer() {
    return bootstrap.service().tracer();
  }

  @Produces
  OpenTelemetry openTelemetry() {
    return bootstrap.service().openTelemetry();
  }
}
