package com.compozy.monitoring.temporal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;

/**
 * {@code RunActivity:<type>}, one span per attempt, a child of the {@code StartActivity} span in
 * the activity's header; failed attempts get status ERROR and the exception as an event. The
 * attempt runs with its span current, so the application's own spans and the attempt's metrics
 * (as exemplars) belong to it. An attempt that returns after {@code doNotCompleteOnReturn()}
 * ends its span on return: what completes it later is not seen here.
 */
final class TracingActivityInterceptor extends ActivityInboundCallsInterceptorBase {
  private final TemporalTracing tracing;
  private ActivityExecutionContext context;

  TracingActivityInterceptor(ActivityInboundCallsInterceptor next, TemporalTracing tracing) {
    super(next);
    this.tracing = tracing;
  }

  @Override
  public void init(ActivityExecutionContext context) {
    this.context = context;
    super.init(context);
  }

  @Override
  public ActivityOutput execute(ActivityInput input) {
    Context parent;
    Span span;
    try {
      parent = tracing.headers.extract(input.getHeader());
      ActivityInfo info = context.getInfo();
      var builder = tracing.tracer.spanBuilder("RunActivity:" + info.getActivityType())
          .setParent(parent)
          .setSpanKind(SpanKind.SERVER)
          .setAttribute(TemporalTracing.ACTIVITY_ID, info.getActivityId())
          .setAttribute(TemporalTracing.ATTEMPT, (long) info.getAttempt());
      if (info.getWorkflowId() != null) {
        builder.setAttribute(TemporalTracing.WORKFLOW_ID, info.getWorkflowId());
      }
      if (info.getWorkflowRunId() != null) {
        builder.setAttribute(TemporalTracing.RUN_ID, info.getWorkflowRunId());
      }
      if (info.isLocal()) {
        builder.setAttribute(TemporalTracing.LOCAL, true);
      }
      span = builder.startSpan();
    } catch (RuntimeException e) {
      tracing.guard.failed("a RunActivity span", e);
      return super.execute(input);
    }
    try (Scope ignored = parent.with(span).makeCurrent()) {
      return super.execute(input);
    } catch (Throwable e) {
      TemporalTracing.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }
}
