package com.compozy.monitoring.temporal;

import com.compozy.monitoring.temporal.TemporalInstruments.Series;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;

/**
 * Counts every attempt of an activity (activities never replay; each retry is a new attempt) and
 * times it on the wall clock, with how long the attempt waited to start. An attempt that returns
 * after {@code doNotCompleteOnReturn()} is completed later by someone else, so only its start is
 * counted here.
 *
 * <p>An attempt that succeeds, is canceled or throws a non-retryable {@code ApplicationFailure} is
 * the activity's final outcome, and the attempts it took are recorded here. Whether a failed
 * attempt was the last the retry policy allowed only the server knows (the test server does not
 * even pass the policy on); the workflow learns it from the failure's retry state, so retries
 * exhausted are counted there ({@link WorkflowMetricsInterceptor}).
 */
final class ActivityMetricsInterceptor extends ActivityInboundCallsInterceptorBase {
  private final TemporalInstruments instruments;
  private ActivityExecutionContext context;
  private ActivityInfo info;

  ActivityMetricsInterceptor(ActivityInboundCallsInterceptor next, TemporalInstruments instruments) {
    super(next);
    this.instruments = instruments;
  }

  @Override
  public void init(ActivityExecutionContext context) {
    this.context = context;
    super.init(context);
  }

  @Override
  public ActivityOutput execute(ActivityInput input) {
    Series series = startAttempt();
    long startNanos = System.nanoTime();
    ActivityOutput output;
    try {
      output = super.execute(input);
    } catch (Throwable e) {
      Outcome outcome = Outcome.ofActivityFailure(e);
      endAttempt(series, outcome, startNanos);
      finishIfFinal(series, outcome, e);
      throw e;
    }
    if (!context.isDoNotCompleteOnReturn()) {
      endAttempt(series, Outcome.COMPLETED, startNanos);
      finishIfFinal(series, Outcome.COMPLETED, null);
    }
    return output;
  }

  private Series startAttempt() {
    try {
      ActivityInfo info = context.getInfo();
      String workflowType = info.getWorkflowType();
      Series series = instruments.activitySeries(info.getActivityType(),
          workflowType == null ? TemporalInstruments.NO_WORKFLOW : workflowType,
          info.getActivityTaskQueue());
      instruments.activityStarted(series);
      this.info = info;
      long waitedMillis = System.currentTimeMillis() - info.getCurrentAttemptScheduledTimestamp();
      instruments.activityScheduledToStart(series, info.isLocal(), Math.max(0, waitedMillis) / 1000.0);
      return series;
    } catch (RuntimeException e) {
      instruments.guard.failed("an activity start", e); // inline, not a lambda: see TemporalInstruments
      return null;
    }
  }

  private void finishIfFinal(Series series, Outcome outcome, Throwable thrown) {
    if (series != null && info != null && (outcome == Outcome.COMPLETED || outcome == Outcome.CANCELED
        || thrown instanceof ApplicationFailure && ((ApplicationFailure) thrown).isNonRetryable())) {
      instruments.activityAttempts(series, info.isLocal(), info.getAttempt());
    }
  }

  private void endAttempt(Series series, Outcome outcome, long startNanos) {
    if (series != null) {
      instruments.activityEnded(series, outcome, (System.nanoTime() - startNanos) / 1e9);
    }
  }
}
