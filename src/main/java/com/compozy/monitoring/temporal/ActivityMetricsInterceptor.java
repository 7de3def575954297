package com.compozy.monitoring.temporal;

import com.compozy.monitoring.temporal.TemporalInstruments.Series;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;

/**
 * Counts every attempt of an activity (activities never replay; each retry is a new attempt) and
 * times it on the wall clock. An attempt that returns after {@code doNotCompleteOnReturn()} is
 * completed later by someone else, so only its start is counted here.
 */
final class ActivityMetricsInterceptor extends ActivityInboundCallsInterceptorBase {
  private final TemporalInstruments instruments;
  private ActivityExecutionContext context;

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
      endAttempt(series, Outcome.ofActivityFailure(e), startNanos);
      throw e;
    }
    if (!context.isDoNotCompleteOnReturn()) {
      endAttempt(series, Outcome.COMPLETED, startNanos);
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
      return series;
    } catch (RuntimeException e) {
      instruments.guard.failed("an activity start", e); // inline, not a lambda: see TemporalInstruments
      return null;
    }
  }

  private void endAttempt(Series series, Outcome outcome, long startNanos) {
    if (series != null) {
      instruments.activityEnded(series, outcome, (System.nanoTime() - startNanos) / 1e9);
    }
  }
}
