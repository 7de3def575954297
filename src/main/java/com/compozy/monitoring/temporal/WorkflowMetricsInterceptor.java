package com.compozy.monitoring.temporal;

import com.compozy.monitoring.temporal.TemporalInstruments.Series;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.common.RetryOptions;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.unsafe.WorkflowUnsafe;

/**
 * Counts one workflow run: its start and its end, each exactly once however often the run is
 * replayed.
 *
 * <p>A worker runs the workflow method again whenever it rebuilds the run from history: after a
 * cache eviction, on another worker after a restart, with the cache off on every task, and to answer
 * a query on a closed run. Each event is therefore counted only where it happens live: the start if
 * the method begins in a live workflow task (a run rebuilt from history was already counted by the
 * worker that started it), the end if the method returns or throws live (an end met in replay was
 * already counted). Replay never adds events to history, so the interceptor can be added to or
 * removed from running workflows safely. A run's first workflow task begins the method live on
 * every attempt: the start is counted on the first attempt only, so a first task that fails on one
 * worker and is retried on another is counted once across the fleet. The attempt comes from the
 * service stubs ({@link RetriedWorkflowTasks}); a worker whose stubs lack it still filters
 * retries on itself by run id.
 *
 * <p>Durations are workflow time, from the run's start to the end, so a run that waited on a timer
 * for a day reports a day whatever worker finished it.
 */
final class WorkflowMetricsInterceptor extends WorkflowInboundCallsInterceptorBase {
  private final TemporalInstruments instruments;
  private Series series;
  private String runId;
  private long runStartedMillis;
  /** Set by a live continue-as-new, whose only way out of the method is an Error. */
  private long continuedAsNewAtMillis = -1;

  WorkflowMetricsInterceptor(WorkflowInboundCallsInterceptor next, TemporalInstruments instruments) {
    super(next);
    this.instruments = instruments;
  }

  @Override
  public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
    super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
      @Override
      public void continueAsNew(ContinueAsNewInput input) {
        noteContinueAsNew();
        super.continueAsNew(input);
      }

      @Override
      public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
        ActivityOutput<R> output = super.executeActivity(input);
        watchOutcome(output.getResult(), input.getActivityName(), input.getOptions().getTaskQueue(),
            input.getOptions().getRetryOptions(), false);
        return output;
      }

      @Override
      public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
        LocalActivityOutput<R> output = super.executeLocalActivity(input);
        watchOutcome(output.getResult(), input.getActivityName(), null, input.getOptions().getRetryOptions(), true);
        return output;
      }
    });
  }

  /**
   * Counts retries exhausted when the activity's final failure reaches the workflow live: only the
   * server knows that the last attempt allowed has failed, and says so in the failure's retry state.
   */
  private void watchOutcome(Promise<?> result, String activityType, String taskQueue, RetryOptions retry,
      boolean local) {
    result.handle((value, failure) -> {
      if (failure instanceof ActivityFailure && !WorkflowUnsafe.isReplaying()) {
        noteActivityFailure((ActivityFailure) failure, activityType, taskQueue, retry, local);
      }
      return null;
    });
  }

  private void noteActivityFailure(ActivityFailure failure, String activityType, String taskQueue,
      RetryOptions retry, boolean local) {
    instruments.guard.run("an activity's final failure", () -> {
      RetryState state = failure.getRetryState();
      if (state != RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED && state != RetryState.RETRY_STATE_TIMEOUT) {
        return;
      }
      WorkflowInfo info = Workflow.getInfo();
      Series activity = instruments.activitySeries(activityType, info.getWorkflowType(),
          taskQueue == null ? info.getTaskQueue() : taskQueue);
      instruments.activityRetriesExhausted(activity, local);
      if (state == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED && retry != null
          && retry.getMaximumAttempts() > 0) {
        instruments.activityAttempts(activity, local, retry.getMaximumAttempts());
      }
    });
  }

  @Override
  public WorkflowOutput execute(WorkflowInput input) {
    recordStart();
    WorkflowOutput output;
    try {
      output = super.execute(input);
    } catch (RuntimeException e) {
      Outcome.ofWorkflowFailure(e).ifPresent(this::recordEnd);
      throw e;
    } catch (Error e) {
      if (continuedAsNewAtMillis >= 0) {
        recordEnd(Outcome.CONTINUED_AS_NEW, continuedAsNewAtMillis);
      }
      throw e;
    }
    recordEnd(Outcome.COMPLETED);
    return output;
  }

  private void recordStart() {
    series = null; // stays null if anything below fails: then this run records nothing
    instruments.guard.run("a workflow start", () -> {
      WorkflowInfo info = Workflow.getInfo();
      Series found = instruments.workflowSeries(info.getWorkflowType(), info.getTaskQueue());
      runId = info.getRunId();
      runStartedMillis = info.getRunStartedTimestampMillis();
      boolean firstLiveStart = !WorkflowUnsafe.isReplaying() && !instruments.retriedTasks.contains(runId)
          && instruments.startedRuns.firstTime(runId);
      series = found;
      if (firstLiveStart) {
        instruments.workflowStarted(found);
      }
    });
  }

  private void noteContinueAsNew() {
    instruments.guard.run("a continue-as-new", () -> {
      if (series != null && !WorkflowUnsafe.isReplaying()) {
        continuedAsNewAtMillis = Workflow.currentTimeMillis();
      }
    });
  }

  private void recordEnd(Outcome outcome) {
    instruments.guard.run("a workflow end", () -> {
      if (series != null && !WorkflowUnsafe.isReplaying()) {
        recordEnd(outcome, Workflow.currentTimeMillis());
      }
    });
  }

  private void recordEnd(Outcome outcome, long endedAtMillis) {
    if (series != null && instruments.endedRuns.firstTime(runId)) {
      instruments.workflowEnded(series, outcome, Math.max(0, endedAtMillis - runStartedMillis) / 1000.0);
    }
  }
}
