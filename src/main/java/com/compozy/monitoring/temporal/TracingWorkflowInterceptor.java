package com.compozy.monitoring.temporal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow side of a trace: {@code RunWorkflow} once per run, outbound spans for the commands
 * the code issues live, {@code HandleSignal} for signals handled live; see {@link TemporalTracing}
 * for why nothing is recorded in replay. Nothing here adds a command or reads anything but the
 * workflow's info, its headers and workflow time, so determinism is untouched; a tracing failure
 * is logged and the workflow carries on.
 */
final class TracingWorkflowInterceptor extends WorkflowInboundCallsInterceptorBase {
  private final TemporalTracing tracing;
  /** The start header's context, and the run's context under it; null until the run starts. */
  private Context started;
  private Context run;
  /** Commands issued so far by this execution of the code, replayed or live: names their spans. */
  private int commands;
  /** Signals handled live before the method started, so before the run's context was known. */
  private final List<EarlySignal> earlySignals = new ArrayList<>(0);
  /** Set by a live continue-as-new, whose only way out of the method is an Error. */
  private long continuedAsNewAtMillis = -1;

  private record EarlySignal(SignalInput input, Instant start, Instant end, Throwable failure) {}

  TracingWorkflowInterceptor(WorkflowInboundCallsInterceptor next, TemporalTracing tracing) {
    super(next);
    this.tracing = tracing;
  }

  @Override
  public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
    super.init(new Outbound(outboundCalls));
  }

  @Override
  public WorkflowOutput execute(WorkflowInput input) {
    WorkflowInfo info;
    try {
      info = Workflow.getInfo();
      started = tracing.headers.extract(input.getHeader());
      run = tracing.runContext(started, info.getRunId());
      for (EarlySignal signal : earlySignals) {
        Span span = startSignal(signal.input(), signal.start());
        if (span != null) {
          TemporalTracing.failed(span, signal.failure());
          span.end(signal.end());
        }
      }
      earlySignals.clear();
    } catch (RuntimeException e) {
      tracing.guard.failed("a workflow span", e);
      return super.execute(input);
    }
    WorkflowOutput output;
    try (Scope ignored = run.makeCurrent()) {
      output = super.execute(input);
    } catch (RuntimeException e) {
      if (Outcome.ofWorkflowFailure(e).isPresent()) {
        recordRun(info, e, -1);
      }
      throw e;
    } catch (Error e) {
      if (continuedAsNewAtMillis >= 0) {
        recordRun(info, null, continuedAsNewAtMillis);
      }
      throw e;
    }
    recordRun(info, null, -1);
    return output;
  }

  /** Records the run's span if it ended live and was not recorded yet (a retried last task). */
  private void recordRun(WorkflowInfo info, Throwable failure, long endedAtMillis) {
    tracing.guard.run("a RunWorkflow span", () -> {
      if (!WorkflowUnsafe.isReplaying() && tracing.endedRuns.firstTime(info.getRunId())) {
        tracing.recordRun(info.getWorkflowType(), info.getWorkflowId(), info.getRunId(),
            info.getRunStartedTimestampMillis(), started, failure,
            endedAtMillis >= 0 ? endedAtMillis : Workflow.currentTimeMillis());
      }
    });
  }

  @Override
  public void handleSignal(SignalInput input) {
    if (WorkflowUnsafe.isReplaying()) {
      super.handleSignal(input);
      return;
    }
    if (run == null) {
      // delivered with the run's first task, before the method starts: recorded once it has
      Instant start = Instant.now();
      Throwable failure = null;
      try {
        super.handleSignal(input);
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      } finally {
        earlySignals.add(new EarlySignal(input, start, Instant.now(), failure));
      }
      return;
    }
    Span span = startSignal(input, null);
    if (span == null) {
      super.handleSignal(input);
      return;
    }
    try (Scope ignored = span.makeCurrent()) {
      super.handleSignal(input);
    } catch (RuntimeException e) {
      TemporalTracing.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * {@code HandleSignal}, a child of the sender's span linked to the run, or of the run when the
   * sender did not trace; null if that signal's span was recorded already or tracing failed.
   */
  private Span startSignal(SignalInput input, Instant start) {
    try {
      WorkflowInfo info = Workflow.getInfo();
      String spanId = tracing.eventSpanId(info.getRunId(), "signal " + input.getEventId());
      if (spanId != null && !tracing.recordedSpans.firstTime(spanId)) {
        return null;
      }
      Context sent = tracing.headers.extract(input.getHeader());
      boolean fromTracedSender = Span.fromContext(sent).getSpanContext().isValid();
      SpanBuilder builder = tracing.tracer.spanBuilder("HandleSignal:" + input.getSignalName())
          .setParent(fromTracedSender ? sent : run)
          .setSpanKind(SpanKind.SERVER)
          .setAttribute(TemporalTracing.WORKFLOW_ID, info.getWorkflowId())
          .setAttribute(TemporalTracing.RUN_ID, info.getRunId());
      if (fromTracedSender) {
        builder.addLink(Span.fromContext(run).getSpanContext());
      }
      if (start != null) {
        builder.setStartTimestamp(start);
      }
      return TemporalTracing.start(builder, spanId);
    } catch (RuntimeException e) {
      tracing.guard.failed("a HandleSignal span", e);
      return null;
    }
  }

  private final class Outbound extends WorkflowOutboundCallsInterceptorBase {
    Outbound(WorkflowOutboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
      Span span = startLive("StartActivity:" + input.getActivityName(), input.getHeader());
      if (span == null) {
        return super.executeActivity(input);
      }
      try {
        ActivityOutput<R> output = super.executeActivity(input);
        span.setAttribute(TemporalTracing.ACTIVITY_ID, output.getActivityId());
        return output;
      } finally {
        span.end();
      }
    }

    @Override
    public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
      Span span = startLive("StartActivity:" + input.getActivityName(), input.getHeader());
      if (span == null) {
        return super.executeLocalActivity(input);
      }
      try {
        span.setAttribute(TemporalTracing.LOCAL, true);
        return super.executeLocalActivity(input);
      } finally {
        span.end();
      }
    }

    @Override
    public <R> ChildWorkflowOutput<R> executeChildWorkflow(ChildWorkflowInput<R> input) {
      Span span = startLive("StartChildWorkflow:" + input.getWorkflowType(), input.getHeader());
      if (span == null) {
        return super.executeChildWorkflow(input);
      }
      try {
        span.setAttribute(TemporalTracing.WORKFLOW_ID, input.getWorkflowId());
        return super.executeChildWorkflow(input);
      } finally {
        span.end();
      }
    }

    @Override
    public SignalExternalOutput signalExternalWorkflow(SignalExternalInput input) {
      Span span = startLive("SignalExternalWorkflow:" + input.getSignalName(), input.getHeader());
      if (span == null) {
        return super.signalExternalWorkflow(input);
      }
      try {
        span.setAttribute(TemporalTracing.WORKFLOW_ID, input.getExecution().getWorkflowId());
        return super.signalExternalWorkflow(input);
      } finally {
        span.end();
      }
    }

    /** The next run continues this run's trace, as a child of its RunWorkflow span. */
    @Override
    public void continueAsNew(ContinueAsNewInput input) {
      if (run != null && !WorkflowUnsafe.isReplaying()) {
        tracing.guard.run("a continue-as-new header", () -> {
          continuedAsNewAtMillis = Workflow.currentTimeMillis();
          tracing.headers.inject(run, input.getHeader());
        });
      }
      super.continueAsNew(input);
    }

    /**
     * A CLIENT span under the run for a command issued live, its context written to the command's
     * header; null in replay (the command and its header are already in history), when this
     * command's span was recorded by an earlier live execution of the same task (then only its
     * context is written again), or on failure.
     */
    private Span startLive(String name, Header header) {
      int command = ++commands; // counted in replay too: the same command gets the same id
      if (run == null || WorkflowUnsafe.isReplaying()) {
        return null;
      }
      try {
        String spanId = tracing.eventSpanId(Workflow.getInfo().getRunId(), "command " + command);
        if (spanId != null && !tracing.recordedSpans.firstTime(spanId)) {
          SpanContext runSpan = Span.fromContext(run).getSpanContext();
          tracing.headers.inject(run.with(Span.wrap(SpanContext.create(runSpan.getTraceId(), spanId,
              runSpan.getTraceFlags(), runSpan.getTraceState()))), header);
          return null;
        }
        Span span = TemporalTracing.start(
            tracing.tracer.spanBuilder(name).setParent(run).setSpanKind(SpanKind.CLIENT), spanId);
        tracing.headers.inject(run.with(span), header);
        return span;
      } catch (RuntimeException e) {
        tracing.guard.failed("a " + name + " span", e);
        return null;
      }
    }
  }
}
