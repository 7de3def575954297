package com.compozy.monitoring.temporal;

import com.compozy.monitoring.internal.BoundedLabels;
import com.compozy.monitoring.internal.Buckets;
import com.compozy.monitoring.internal.GuardedRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The workflow and activity instruments of one meter, and the attribute sets they record with. Attribute sets
 * are built once per workflow type and task queue (activity type, workflow type and task queue for
 * activities) and reused. Every recording method catches its own failures and logs them through one
 * {@link GuardedRecorder}: metrics never break a workflow or an activity. These per-attempt methods
 * catch inline rather than pass a capturing lambda to the recorder, whose shared call site is
 * megamorphic, so the lambda may be allocated on every attempt.
 *
 * <p>Workflow and activity types are chosen by callers (a {@code DynamicWorkflow} or
 * {@code DynamicActivity} accepts any name), so at most {@link TemporalMetrics#MAX_WORKFLOW_TYPES}
 * and {@link TemporalMetrics#MAX_ACTIVITY_TYPES} get their own label value, the others an empty one
 * ({@link BoundedLabels}). The series caches are keyed by the names as given only for admitted
 * names, so they stay bounded too, and the per-attempt path is still one map lookup.
 */
final class TemporalInstruments {
  static final AttributeKey<String> WORKFLOW_TYPE = AttributeKey.stringKey("workflow_type");
  static final AttributeKey<String> ACTIVITY_TYPE = AttributeKey.stringKey("activity_type");
  static final AttributeKey<String> TASK_QUEUE = AttributeKey.stringKey("task_queue");
  static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  /** Whether an activity is a local activity (run by the workflow's worker) or a normal one. */
  static final AttributeKey<String> LOCAL = AttributeKey.stringKey("local");

  /** The workflow_type of an activity that does not belong to a workflow (a standalone activity). */
  static final String NO_WORKFLOW = "none";

  private final LongCounter workflowStarted;
  private final LongCounter workflowCompleted;
  private final LongCounter workflowFailed;
  private final LongCounter workflowContinuedAsNew;
  private final DoubleHistogram workflowDuration;
  private final LongCounter activityStarted;
  private final LongCounter activityCompleted;
  private final LongCounter activityFailed;
  private final DoubleHistogram activityDuration;
  private final DoubleHistogram activityScheduleToStart;
  private final DoubleHistogram activityAttempts;
  private final LongCounter activityRetriesExhausted;
  private final LongCounter workflowEndedByServer;

  private final BoundedLabels workflowTypes =
      new BoundedLabels("workflow_type", TemporalMetrics.MAX_WORKFLOW_TYPES);
  private final BoundedLabels activityTypes =
      new BoundedLabels("activity_type", TemporalMetrics.MAX_ACTIVITY_TYPES);
  private final ConcurrentMap<WorkflowKey, Series> workflowSeries = new ConcurrentHashMap<>();
  private final ConcurrentMap<ActivityKey, Series> activitySeries = new ConcurrentHashMap<>();
  final RecentRuns startedRuns = new RecentRuns();
  final RecentRuns endedRuns = new RecentRuns();
  /** Runs whose last polled workflow task was a retry, when the stubs tell ({@link RetriedWorkflowTasks}). */
  final RecentRuns retriedTasks = new RecentRuns();
  /** Runs a client saw the server end ({@link ServerEndedRuns}). */
  final RecentRuns serverEndedRuns = new RecentRuns();
  private final ConcurrentMap<String, Attributes> serverEndedSeries = new ConcurrentHashMap<>();
  final GuardedRecorder guard = new GuardedRecorder(TemporalMetrics.class);

  TemporalInstruments(Meter meter) {
    workflowStarted = counter(meter, "compozy_temporal_workflow_started_total", "Started workflows");
    workflowCompleted = counter(meter, "compozy_temporal_workflow_completed_total", "Completed workflows");
    workflowFailed = counter(meter, "compozy_temporal_workflow_failed_total", "Failed workflows");
    workflowContinuedAsNew = counter(meter, "compozy_temporal_workflow_continued_as_new_total",
        "Workflow runs that continued as a new run");
    workflowDuration = histogram(meter, "compozy_temporal_workflow_duration_seconds",
        "Workflow execution time", "s", Buckets.WORKFLOW_SECONDS);
    activityStarted = counter(meter, "compozy_temporal_activity_started_total",
        "Started activity attempts");
    activityCompleted = counter(meter, "compozy_temporal_activity_completed_total",
        "Completed activity attempts");
    activityFailed = counter(meter, "compozy_temporal_activity_failed_total",
        "Failed activity attempts");
    activityDuration = seconds(meter, "compozy_temporal_activity_duration_seconds",
        "Activity attempt execution time");
    activityScheduleToStart = seconds(meter, "compozy_temporal_activity_schedule_to_start_seconds",
        "Time an activity attempt waited between being scheduled and starting on a worker");
    activityAttempts = histogram(meter, "compozy_temporal_activity_attempts",
        "Attempts an activity took, recorded at its final outcome", "1", Buckets.ATTEMPTS);
    activityRetriesExhausted = counter(meter, "compozy_temporal_activity_retries_exhausted_total",
        "Activities whose last possible attempt failed (maximum attempts or schedule-to-close reached)");
    workflowEndedByServer = counter(meter, "compozy_temporal_workflow_ended_by_server_total",
        "Workflow runs the server ended without a worker (terminated, timed out), as a client waiting for "
            + "their result saw it");
  }

  private static LongCounter counter(Meter meter, String name, String description) {
    return meter.counterBuilder(name).setDescription(description).build();
  }

  private static DoubleHistogram seconds(Meter meter, String name, String description) {
    return histogram(meter, name, description, "s", Buckets.SECONDS);
  }

  private static DoubleHistogram histogram(Meter meter, String name, String description, String unit,
      List<Double> buckets) {
    return meter.histogramBuilder(name)
        .setDescription(description)
        .setUnit(unit)
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }

  Series workflowSeries(String workflowType, String taskQueue) {
    WorkflowKey key = new WorkflowKey(workflowType, taskQueue);
    Series found = workflowSeries.get(key);
    if (found != null) {
      return found;
    }
    WorkflowKey bounded = new WorkflowKey(workflowTypes.label(workflowType), taskQueue);
    return workflowSeries.computeIfAbsent(bounded,
        k -> new Series(Attributes.of(WORKFLOW_TYPE, k.workflowType, TASK_QUEUE, k.taskQueue)));
  }

  Series activitySeries(String activityType, String workflowType, String taskQueue) {
    ActivityKey key = new ActivityKey(activityType, workflowType, taskQueue);
    Series found = activitySeries.get(key);
    if (found != null) {
      return found;
    }
    ActivityKey bounded = new ActivityKey(activityTypes.label(activityType),
        workflowTypes.label(workflowType), taskQueue);
    return activitySeries.computeIfAbsent(bounded, k -> new Series(Attributes.of(
        ACTIVITY_TYPE, k.activityType, WORKFLOW_TYPE, k.workflowType, TASK_QUEUE, k.taskQueue)));
  }

  void workflowStarted(Series series) {
    try {
      workflowStarted.add(1, series.base);
    } catch (RuntimeException e) {
      guard.failed("a workflow start", e);
    }
  }

  void workflowEnded(Series series, Outcome outcome, double seconds) {
    try {
      workflowDuration.record(seconds, series.withResult(outcome));
      switch (outcome) {
        case COMPLETED:
          workflowCompleted.add(1, series.base);
          break;
        case CONTINUED_AS_NEW:
          workflowContinuedAsNew.add(1, series.base);
          break;
        default:
          workflowFailed.add(1, series.withResult(outcome));
      }
    } catch (RuntimeException e) {
      guard.failed("a workflow end", e);
    }
  }

  void activityStarted(Series series) {
    try {
      activityStarted.add(1, series.base);
    } catch (RuntimeException e) {
      guard.failed("an activity start", e);
    }
  }

  void activityEnded(Series series, Outcome outcome, double seconds) {
    try {
      activityDuration.record(seconds, series.withResult(outcome));
      if (outcome == Outcome.COMPLETED) {
        activityCompleted.add(1, series.base);
      } else {
        activityFailed.add(1, series.withResult(outcome));
      }
    } catch (RuntimeException e) {
      guard.failed("an activity end", e);
    }
  }

  void activityScheduledToStart(Series series, boolean local, double seconds) {
    try {
      activityScheduleToStart.record(seconds, series.withLocal(local));
    } catch (RuntimeException e) {
      guard.failed("an activity schedule-to-start", e);
    }
  }

  /** The attempts an activity took to its final outcome. */
  void activityAttempts(Series series, boolean local, int attempts) {
    try {
      activityAttempts.record(attempts, series.withLocal(local));
    } catch (RuntimeException e) {
      guard.failed("an activity outcome", e);
    }
  }

  /** An activity whose last allowed attempt failed. */
  void activityRetriesExhausted(Series series, boolean local) {
    try {
      activityRetriesExhausted.add(1, series.withLocal(local));
    } catch (RuntimeException e) {
      guard.failed("an activity's exhausted retries", e);
    }
  }

  /** A run the server ended without a worker; {@code result} is {@code terminated} or {@code timeout}. */
  void workflowEndedByServer(String workflowType, String result) {
    String type = workflowTypes.label(workflowType);
    Attributes attributes = serverEndedSeries.computeIfAbsent(type + '\n' + result,
        k -> Attributes.of(WORKFLOW_TYPE, type, RESULT, result));
    workflowEndedByServer.add(1, attributes);
  }

  /** The attribute sets of one workflow type or activity type: without and with each result. */
  static final class Series {
    final Attributes base;
    private final Attributes[] byOutcome = new Attributes[Outcome.values().length];
    private final Attributes remote;
    private final Attributes local;

    Series(Attributes base) {
      this.base = base;
      for (Outcome outcome : Outcome.values()) {
        byOutcome[outcome.ordinal()] = base.toBuilder().put(RESULT, outcome.label).build();
      }
      remote = base.toBuilder().put(LOCAL, "false").build();
      local = base.toBuilder().put(LOCAL, "true").build();
    }

    Attributes withResult(Outcome outcome) {
      return byOutcome[outcome.ordinal()];
    }

    Attributes withLocal(boolean isLocal) {
      return isLocal ? local : remote;
    }
  }

  private record WorkflowKey(String workflowType, String taskQueue) {}

  private record ActivityKey(String activityType, String workflowType, String taskQueue) {}
}
