package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.ThrowingMeter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.temporal.api.failure.v1.CanceledFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.internal.worker.WorkflowExecutionException;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parts that need no Temporal server; mirrors the original's interceptor/temporal_test. */
class TemporalMetricsTest {
  private final MonitoringService enabled =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final MonitoringService disabled = MonitoringService.create(MonitoringConfig.defaults());

  @AfterEach
  void shutdown() {
    enabled.shutdown();
  }

  @Test
  void oneInstancePerServiceWithAnInterceptor() {
    TemporalMetrics metrics = TemporalMetrics.of(enabled);
    assertThat(TemporalMetrics.of(enabled)).isSameAs(metrics);
    assertThat(metrics.workerInterceptor()).isInstanceOf(MetricsWorkerInterceptor.class);
    assertThat(TemporalMetrics.of(disabled)).isNotSameAs(metrics);
  }

  @Test
  void configuredWorkersReadZeroUntilSetThenTheValue() {
    TemporalMetrics metrics = TemporalMetrics.of(enabled);
    assertThat(Scrape.of(enabled).value(TemporalMetrics.CONFIGURED, Map.of())).isZero();
    metrics.setConfiguredWorkers(5);
    assertThat(Scrape.of(enabled).value(TemporalMetrics.CONFIGURED, Map.of())).isEqualTo(5);
  }

  @Test
  void runningWorkersFollowStartsAndStops() {
    TemporalMetrics metrics = TemporalMetrics.of(enabled);
    metrics.workerStarted();
    metrics.workerStarted();
    assertThat(Scrape.of(enabled).value(TemporalMetrics.RUNNING, Map.of())).isEqualTo(2);
    metrics.workerStopped();
    assertThat(Scrape.of(enabled).value(TemporalMetrics.RUNNING, Map.of())).isEqualTo(1);
  }

  @Test
  void exposedFamiliesHaveTheOriginalNamesTypesAndADescription() {
    TemporalMetrics.of(enabled);
    TemporalInstruments instruments = new TemporalInstruments(enabled.meter());
    TemporalInstruments.Series workflow = instruments.workflowSeries("Wf", "q");
    instruments.workflowStarted(workflow);
    instruments.workflowEnded(workflow, Outcome.COMPLETED, 1);
    instruments.workflowEnded(workflow, Outcome.TIMEOUT, 1);
    instruments.workflowEnded(workflow, Outcome.CONTINUED_AS_NEW, 1);
    TemporalInstruments.Series activity = instruments.activitySeries("Act", "Wf", "q");
    instruments.activityStarted(activity);
    instruments.activityEnded(activity, Outcome.COMPLETED, 0.1);
    instruments.activityEnded(activity, Outcome.CANCELED, 0.1);

    Scrape scrape = Scrape.of(enabled);
    assertThat(scrape.types("compozy_temporal_")).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("compozy_temporal_workflow_started_total", "counter"),
        Map.entry("compozy_temporal_workflow_completed_total", "counter"),
        Map.entry("compozy_temporal_workflow_failed_total", "counter"),
        Map.entry("compozy_temporal_workflow_continued_as_new_total", "counter"),
        Map.entry("compozy_temporal_workflow_duration_seconds", "histogram"),
        Map.entry("compozy_temporal_activity_started_total", "counter"),
        Map.entry("compozy_temporal_activity_completed_total", "counter"),
        Map.entry("compozy_temporal_activity_failed_total", "counter"),
        Map.entry("compozy_temporal_activity_duration_seconds", "histogram"),
        Map.entry("compozy_temporal_workers_running_total", "untyped"),
        Map.entry("compozy_temporal_workers_configured_total", "untyped")));
    assertThat(scrape.families("compozy_temporal_")).hasSize(11)
        .allSatisfy(family -> assertThat(family.help()).as(family.name()).isNotBlank());
    assertThat(scrape.families("temporal_")).isEmpty();
    assertThat(scrape.labelSets("compozy_temporal_workflow_failed_total"))
        .containsExactly(Map.of("workflow_type", "Wf", "task_queue", "q", "result", "timeout"));
    assertThat(scrape.labelSets("compozy_temporal_activity_failed_total")).containsExactly(
        Map.of("activity_type", "Act", "workflow_type", "Wf", "task_queue", "q", "result", "canceled"));
    // the original's boundaries, then on to a week for runs that wait on long timers
    assertThat(scrape.labelValues("compozy_temporal_workflow_duration_seconds_bucket", "le"))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0",
            "10.0", "30.0", "60.0", "300.0", "900.0", "1800.0", "3600.0", "7200.0", "21600.0", "43200.0",
            "86400.0", "172800.0", "604800.0", "+Inf");
    assertThat(scrape.labelValues("compozy_temporal_activity_duration_seconds_bucket", "le"))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0",
            "10.0", "+Inf");
  }

  @Test
  void workflowAndActivityTypesChosenByCallersAreBoundedWithAnEmptyOverflowValue() {
    TemporalInstruments instruments = new TemporalInstruments(enabled.meter());
    for (int i = 0; i < TemporalMetrics.MAX_WORKFLOW_TYPES + 10; i++) {
      instruments.workflowStarted(instruments.workflowSeries("Dynamic" + i, "q"));
    }
    for (int i = 0; i < TemporalMetrics.MAX_ACTIVITY_TYPES + 4; i++) {
      instruments.activityStarted(instruments.activitySeries("act" + i, "Dynamic0", "q"));
    }
    instruments.activityStarted(instruments.activitySeries("act0", "NotAdmitted", "q"));

    Scrape scrape = Scrape.of(enabled);
    String started = "compozy_temporal_workflow_started_total";
    assertThat(scrape.labelSets(started)).hasSize(TemporalMetrics.MAX_WORKFLOW_TYPES + 1);
    assertThat(scrape.value(started, "workflow_type", "", "task_queue", "q")).isEqualTo(10);
    assertThat(scrape.value(started, "workflow_type", "Dynamic0", "task_queue", "q")).isEqualTo(1);
    String activities = "compozy_temporal_activity_started_total";
    assertThat(scrape.labelSets(activities)).hasSize(TemporalMetrics.MAX_ACTIVITY_TYPES + 2);
    assertThat(scrape.value(activities, "activity_type", "", "workflow_type", "Dynamic0", "task_queue", "q"))
        .isEqualTo(4);
    assertThat(scrape.value(activities, "activity_type", "act0", "workflow_type", "", "task_queue", "q"))
        .isEqualTo(1);
  }

  @Test
  void aServiceThatIsNotInitializedGivesAPassThrough() {
    TemporalMetrics metrics = TemporalMetrics.of(disabled);
    WorkerInterceptor interceptor = metrics.workerInterceptor();
    WorkflowInboundCallsInterceptor workflow = new WorkflowInboundCallsInterceptorBase(null);
    ActivityInboundCallsInterceptor activity = new ActivityInboundCallsInterceptorBase(null);
    assertThat(interceptor.interceptWorkflow(workflow)).isSameAs(workflow);
    assertThat(interceptor.interceptActivity(activity)).isSameAs(activity);
    WorkerFactoryOptions options = WorkerFactoryOptions.newBuilder().build();
    assertThat(metrics.addTo(options)).isSameAs(options);
    assertThatCode(() -> {
      metrics.setConfiguredWorkers(3);
      metrics.workerStarted();
      metrics.workerStopped();
    }).doesNotThrowAnyException();
  }

  @Test
  void addToPutsTheInterceptorFirstKeepsTheOthersAndNeverAddsItTwice() {
    TemporalMetrics metrics = TemporalMetrics.of(enabled);
    WorkerInterceptor other = new WorkerInterceptorBase();
    WorkerFactoryOptions once =
        metrics.addTo(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(other).build());
    assertThat(once.getWorkerInterceptors()).containsExactly(metrics.workerInterceptor(), other);
    assertThat(metrics.addTo(once).getWorkerInterceptors())
        .containsExactly(metrics.workerInterceptor(), other);
    assertThat(metrics.addTo(WorkerFactoryOptions.newBuilder().build()).getWorkerInterceptors())
        .containsExactly(metrics.workerInterceptor());
  }

  @Test
  void canceledAndTimeoutHelpersClassifyCorrectly() {
    CanceledFailure canceled = new CanceledFailure("canceled");
    TimeoutFailure timeout = new TimeoutFailure("timeout", null, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
    RuntimeException generic = new RuntimeException("boom");
    assertThat(Outcome.isCanceled(canceled)).isTrue();
    assertThat(Outcome.isTimeout(canceled)).isFalse();
    assertThat(Outcome.isTimeout(timeout)).isTrue();
    assertThat(Outcome.isCanceled(timeout)).isFalse();
    assertThat(Outcome.isCanceled(generic)).isFalse();
    assertThat(Outcome.isTimeout(generic)).isFalse();

    ActivityFailure activityTimedOut = new ActivityFailure("activity", 5, 6, "Act", "1",
        io.temporal.api.enums.v1.RetryState.RETRY_STATE_TIMEOUT, "id", timeout);
    assertThat(Outcome.ofException(activityTimedOut)).isEqualTo(Outcome.TIMEOUT);
    assertThat(Outcome.ofActivityFailure(new io.temporal.client.ActivityCanceledException()))
        .isEqualTo(Outcome.CANCELED);
    assertThat(Outcome.ofActivityFailure(generic)).isEqualTo(Outcome.FAILED);
    assertThat(Outcome.ofActivityFailure(new AssertionError("bug"))).isEqualTo(Outcome.FAILED);
  }

  @Test
  void onlyFailuresThatEndTheRunAreWorkflowOutcomes() {
    assertThat(Outcome.ofWorkflowFailure(ApplicationFailure.newFailure("x", "T"))).contains(Outcome.FAILED);
    assertThat(Outcome.ofWorkflowFailure(new CanceledFailure("c"))).contains(Outcome.CANCELED);
    // what the SDK hands on for a failing workflow
    Failure timedOutChild = Failure.newBuilder().setMessage("child")
        .setCause(Failure.newBuilder().setTimeoutFailureInfo(TimeoutFailureInfo.getDefaultInstance()))
        .build();
    assertThat(Outcome.ofWorkflowFailure(new WorkflowExecutionException(timedOutChild)))
        .contains(Outcome.TIMEOUT);
    assertThat(Outcome.ofWorkflowFailure(new WorkflowExecutionException(
        Failure.newBuilder().setCanceledFailureInfo(CanceledFailureInfo.getDefaultInstance()).build())))
        .contains(Outcome.CANCELED);
    assertThat(Outcome.ofWorkflowFailure(new WorkflowExecutionException(Failure.getDefaultInstance())))
        .contains(Outcome.FAILED);
    // a bug fails only the workflow task, and an Error is the SDK unwinding the thread
    assertThat(Outcome.ofWorkflowFailure(new IllegalStateException("bug"))).isEmpty();
    assertThat(Outcome.ofWorkflowFailure(new Error("destroy"))).isEmpty();
  }

  @Test
  void recordingFailuresAreLoggedOnceAndNeverReachTheCaller() {
    TemporalInstruments broken = new TemporalInstruments(ThrowingMeter.create());
    TemporalInstruments.Series series = broken.workflowSeries("Wf", "q");
    try (LogCapture log = LogCapture.of(TemporalMetrics.class)) {
      broken.workflowStarted(series);
      broken.workflowEnded(series, Outcome.FAILED, 1);
      broken.activityStarted(series);
      broken.activityEnded(series, Outcome.COMPLETED, 1);

      assertThat(log.at(Level.WARNING)).singleElement().satisfies(r -> {
        assertThat(r.getMessage()).startsWith("Monitoring: a workflow start failed");
        assertThat(r.getThrown()).hasMessage("broken meter");
      });
      assertThat(log.at(Level.FINE)).extracting(LogRecord::getMessage)
          .containsExactly("a workflow end failed", "an activity start failed", "an activity end failed");
    }
  }

  @Test
  void shutdownStopsTheWorkerGaugesAndANewServiceStartsAtZero() {
    TemporalMetrics metrics = TemporalMetrics.of(enabled);
    metrics.workerStarted();
    metrics.setConfiguredWorkers(2);
    PrometheusRegistry prometheus = enabled.prometheusRegistry().orElseThrow();
    assertThat(Scrape.of(prometheus).value(TemporalMetrics.RUNNING)).isEqualTo(1);

    enabled.shutdown();

    Scrape after = Scrape.of(prometheus);
    assertThat(after.labelSets(TemporalMetrics.RUNNING)).isEmpty();
    assertThat(after.labelSets(TemporalMetrics.CONFIGURED)).isEmpty();
    MonitoringService next = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      assertThat(TemporalMetrics.of(next)).isNotSameAs(metrics);
      assertThat(Scrape.of(next).value(TemporalMetrics.RUNNING)).isZero();
      assertThat(Scrape.of(next).value(TemporalMetrics.CONFIGURED)).isZero();
    } finally {
      next.shutdown();
    }
  }

  @Test
  void recentRunsRemembersEachRunOnceWithinItsCapacity() {
    RecentRuns runs = new RecentRuns();
    assertThat(runs.firstTime("a")).isTrue();
    assertThat(runs.firstTime("a")).isFalse();
    for (int i = 0; i < RecentRuns.CAPACITY; i++) {
      runs.firstTime("run-" + i);
    }
    assertThat(runs.firstTime("a")).isTrue();
    assertThat(List.of(runs.firstTime("run-" + (RecentRuns.CAPACITY - 1)))).containsExactly(false);
  }
}
