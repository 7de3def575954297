package com.compozy.monitoring.cdi;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.http.TracingClientFilter;
import com.compozy.monitoring.memory.MemoryMonitor;
import com.compozy.monitoring.service.Monitoring;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The application's {@link MonitoringService}, its qualified {@code Meter}, {@code Tracer} and
 * {@code OpenTelemetry}, a {@link TracingClientFilter} for its JAX-RS clients, and the features bound to it. Features are bound once per service and
 * closed with it, so these producers need no disposer.
 */
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
  Tracer tracer() {
    return bootstrap.service().tracer();
  }

  @Produces
  @Monitoring
  OpenTelemetry openTelemetry() {
    return bootstrap.service().openTelemetry();
  }

  @Produces
  TracingClientFilter tracingClientFilter() {
    return TracingClientFilter.of(bootstrap.service());
  }

  @Produces
  DispatcherHealthRegistry dispatcherHealthRegistry() {
    return DispatcherHealthRegistry.of(bootstrap.service());
  }

  @Produces
  DispatcherMetrics dispatcherMetrics() {
    return DispatcherMetrics.of(bootstrap.service());
  }

  @Produces
  MemoryMonitor memoryMonitor() {
    return MemoryMonitor.of(bootstrap.service());
  }
}
