package com.compozy.monitoring.temporal;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;

/**
 * Puts the workflow and activity metrics around each run and attempt, and the spans, when the
 * service traces, around those, so the metrics record inside the span (exemplars); Nexus passes
 * through.
 */
final class MetricsWorkerInterceptor extends WorkerInterceptorBase {
  private final TemporalInstruments instruments;
  private final TemporalTracing tracing;

  MetricsWorkerInterceptor(TemporalInstruments instruments, TemporalTracing tracing) {
    this.instruments = instruments;
    this.tracing = tracing;
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    WorkflowInboundCallsInterceptor metrics = new WorkflowMetricsInterceptor(next, instruments);
    return tracing == null ? metrics : tracing.interceptWorkflow(metrics);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    ActivityInboundCallsInterceptor metrics = new ActivityMetricsInterceptor(next, instruments);
    return tracing == null ? metrics : tracing.interceptActivity(metrics);
  }
}
