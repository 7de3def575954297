package com.compozy.monitoring.temporal;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;

/** Puts the workflow and activity metrics around each run and attempt; Nexus passes through. */
final class MetricsWorkerInterceptor extends WorkerInterceptorBase {
  private final TemporalInstruments instruments;

  MetricsWorkerInterceptor(TemporalInstruments instruments) {
    this.instruments = instruments;
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowMetricsInterceptor(next, instruments);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityMetricsInterceptor(next, instruments);
  }
}
