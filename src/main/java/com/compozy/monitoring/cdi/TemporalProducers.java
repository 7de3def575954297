package com.compozy.monitoring.cdi;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.temporal.TemporalMetrics;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * {@code @Inject TemporalMetrics}, {@code @Inject WorkerInterceptor} (metrics, and spans when
 * tracing is on) and {@code @Inject WorkflowClientInterceptor} (counts the runs the server ended
 * whose result the client waits for, and carries the caller's trace into workflows when tracing is
 * on). An application without the
 * Temporal SDK never loads this class: the library's {@code beans.xml} excludes it from discovery
 * then.
 */
@Dependent
class TemporalProducers {
  @Produces
  TemporalMetrics temporalMetrics(MonitoringService service) {
    return TemporalMetrics.of(service);
  }

  @Produces
  WorkerInterceptor workerInterceptor(MonitoringService service) {
    return TemporalMetrics.of(service).workerInterceptor();
  }

  @Produces
  WorkflowClientInterceptor workflowClientInterceptor(MonitoringService service) {
    return TemporalMetrics.of(service).clientInterceptor();
  }
}
