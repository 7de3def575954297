package com.compozy.monitoring.temporal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.function.Supplier;

/**
 * A CLIENT span around each start, signal-with-start, update-with-start, signal, query and update,
 * a child of the caller's current context (a {@code POST} request's server span, say), with its
 * context in the call's Temporal header; the worker continues the trace from there.
 */
final class TracingClientInterceptor extends WorkflowClientInterceptorBase {
  private final TemporalTracing tracing;

  TracingClientInterceptor(TemporalTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
    return new Calls(next);
  }

  private final class Calls extends WorkflowClientCallsInterceptorBase {
    Calls(WorkflowClientCallsInterceptor next) {
      super(next);
    }

    @Override
    public WorkflowStartOutput start(WorkflowStartInput input) {
      return traced("StartWorkflow:" + input.getWorkflowType(), input.getWorkflowId(), null,
          () -> super.start(input), input.getHeader());
    }

    @Override
    public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
      WorkflowStartInput start = input.getWorkflowStartInput();
      return traced("SignalWithStartWorkflow:" + start.getWorkflowType(), start.getWorkflowId(), null,
          () -> super.signalWithStart(input), start.getHeader());
    }

    @Override
    public <R> WorkflowUpdateWithStartOutput<R> updateWithStart(WorkflowUpdateWithStartInput<R> input) {
      WorkflowStartInput start = input.getWorkflowStartInput();
      return traced("UpdateWithStartWorkflow:" + start.getWorkflowType(), start.getWorkflowId(), null,
          () -> super.updateWithStart(input), start.getHeader(), input.getStartUpdateInput().getHeader());
    }

    @Override
    public WorkflowSignalOutput signal(WorkflowSignalInput input) {
      WorkflowExecution execution = input.getWorkflowExecution();
      return traced("SignalWorkflow:" + input.getSignalName(), execution.getWorkflowId(), execution.getRunId(),
          () -> super.signal(input), input.getHeader());
    }

    @Override
    public <R> QueryOutput<R> query(QueryInput<R> input) {
      WorkflowExecution execution = input.getWorkflowExecution();
      return traced("QueryWorkflow:" + input.getQueryType(), execution.getWorkflowId(), execution.getRunId(),
          () -> super.query(input), input.getHeader());
    }

    @Override
    public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
      WorkflowExecution execution = input.getWorkflowExecution();
      return traced("UpdateWorkflow:" + input.getUpdateName(), execution.getWorkflowId(), execution.getRunId(),
          () -> super.startUpdate(input), input.getHeader());
    }
  }

  private <T> T traced(String name, String workflowId, String runId, Supplier<T> call, Header... headers) {
    Span span;
    try {
      var builder = tracing.tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
          .setAttribute(TemporalTracing.WORKFLOW_ID, workflowId);
      if (runId != null && !runId.isEmpty()) {
        builder.setAttribute(TemporalTracing.RUN_ID, runId);
      }
      span = builder.startSpan();
      Context context = Context.current().with(span);
      for (Header header : headers) {
        tracing.headers.inject(context, header);
      }
    } catch (RuntimeException e) {
      tracing.guard.failed("a Temporal client span", e);
      return call.get();
    }
    try (Scope ignored = span.makeCurrent()) {
      return call.get();
    } catch (RuntimeException e) {
      TemporalTracing.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }
}
