package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An activity's final outcome: the attempts it took, whether its retries ran out, local activities
 * told apart, and how long each attempt waited to start; on the in-process test server.
 */
@Timeout(60)
class TemporalActivityOutcomesTest {
  private static final String ATTEMPTS = "compozy_temporal_activity_attempts";
  private static final String EXHAUSTED = "compozy_temporal_activity_retries_exhausted_total";
  private static final String SCHEDULE_TO_START = "compozy_temporal_activity_schedule_to_start_seconds";
  private static final String QUEUE = "outcomes";

  @WorkflowInterface
  public interface OutcomeFlow {
    @WorkflowMethod
    String run(String step);
  }

  @ActivityInterface
  public interface Steps {
    String flaky();

    String doomed();

    String refused();
  }

  public static class OutcomeFlowImpl implements OutcomeFlow {
    private static final RetryOptions THREE_ATTEMPTS = RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(10)).setBackoffCoefficient(1).setMaximumAttempts(3).build();
    private final Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10)).setRetryOptions(THREE_ATTEMPTS).build());
    private final Steps localSteps = Workflow.newLocalActivityStub(Steps.class, LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10)).setRetryOptions(THREE_ATTEMPTS).build());

    @Override
    public String run(String step) {
      switch (step) {
        case "flaky":
          return steps.flaky();
        case "doomed":
          return steps.doomed();
        case "refused":
          return steps.refused();
        case "local-flaky":
          return localSteps.flaky();
        case "local-doomed":
          return localSteps.doomed();
        case "a-day-and-an-hour":
          Workflow.sleep(Duration.ofHours(25));
          return "slept";
        default:
          throw ApplicationFailure.newNonRetryableFailure("unknown step " + step, "Plan");
      }
    }
  }

  /** Fails twice, then succeeds; always fails; fails once without retry. Attempts counted per workflow. */
  public static class StepsImpl implements Steps {
    @Override
    public String flaky() {
      if (Activity.getExecutionContext().getInfo().getAttempt() <= 2) {
        throw new IllegalStateException("flaky");
      }
      return "ok";
    }

    @Override
    public String doomed() {
      throw new IllegalStateException("doomed");
    }

    @Override
    public String refused() {
      throw ApplicationFailure.newNonRetryableFailure("refused", "Refused");
    }
  }

  private MonitoringService monitoring;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    monitoring = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(TemporalMetrics.of(monitoring).addTo(WorkerFactoryOptions.newBuilder().build()))
        .build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OutcomeFlowImpl.class);
    worker.registerActivitiesImplementations(new StepsImpl());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    monitoring.shutdown();
  }

  private String run(String step) {
    return env.getWorkflowClient().newWorkflowStub(OutcomeFlow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(QUEUE).setWorkflowId(step + "-" + UUID.randomUUID()).build()).run(step);
  }

  private static Map<String, String> activity(String type, boolean local) {
    Map<String, String> labels = new HashMap<>(Map.of("activity_type", type, "workflow_type", "OutcomeFlow",
        "task_queue", QUEUE, "local", String.valueOf(local)));
    return labels;
  }

  private static Map<String, String> bucket(Map<String, String> labels, String le) {
    Map<String, String> withLe = new HashMap<>(labels);
    withLe.put("le", le);
    return withLe;
  }

  @Test
  void anActivityThatSucceedsOnItsThirdAttemptTookThreeAndExhaustedNothing() {
    assertThat(run("flaky")).isEqualTo("ok");

    Scrape scrape = Scrape.of(monitoring);
    Map<String, String> flaky = activity("Flaky", false);
    assertThat(scrape.labelSets(ATTEMPTS + "_count")).containsExactly(flaky);
    assertThat(scrape.value(ATTEMPTS + "_count", flaky)).isEqualTo(1);
    assertThat(scrape.value(ATTEMPTS + "_sum", flaky)).isEqualTo(3);
    assertThat(scrape.value(ATTEMPTS + "_bucket", bucket(flaky, "2.0"))).isZero();
    assertThat(scrape.value(ATTEMPTS + "_bucket", bucket(flaky, "3.0"))).isEqualTo(1);
    assertThat(scrape.labelSets(EXHAUSTED)).isEmpty();
    // every attempt waited for a worker once: three observations, none of them negative
    assertThat(scrape.value(SCHEDULE_TO_START + "_count", flaky)).isEqualTo(3);
    assertThat(scrape.value(SCHEDULE_TO_START + "_sum", flaky)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void anActivityWhoseThreeAttemptsAllFailExhaustedItsRetriesOnce() {
    assertThatThrownBy(() -> run("doomed")).isInstanceOf(WorkflowFailedException.class);

    Scrape scrape = Scrape.of(monitoring);
    Map<String, String> doomed = activity("Doomed", false);
    assertThat(scrape.labelSets(EXHAUSTED)).containsExactly(doomed);
    assertThat(scrape.value(EXHAUSTED, doomed)).isEqualTo(1);
    assertThat(scrape.value(ATTEMPTS + "_count", doomed)).isEqualTo(1);
    assertThat(scrape.value(ATTEMPTS + "_sum", doomed)).isEqualTo(3);
    assertThat(scrape.value("compozy_temporal_activity_failed_total",
        "activity_type", "Doomed", "workflow_type", "OutcomeFlow", "task_queue", QUEUE, "result", "failed"))
        .isEqualTo(3);
  }

  @Test
  void aNonRetryableFailureIsFinalAfterOneAttemptButExhaustsNothing() {
    assertThatThrownBy(() -> run("refused")).isInstanceOf(WorkflowFailedException.class);

    Scrape scrape = Scrape.of(monitoring);
    Map<String, String> refused = activity("Refused", false);
    assertThat(scrape.value(ATTEMPTS + "_count", refused)).isEqualTo(1);
    assertThat(scrape.value(ATTEMPTS + "_sum", refused)).isEqualTo(1);
    assertThat(scrape.labelSets(EXHAUSTED)).isEmpty();
  }

  @Test
  void localActivitiesAreToldApartByTheLocalLabel() {
    assertThat(run("local-flaky")).isEqualTo("ok");
    assertThatThrownBy(() -> run("local-doomed")).isInstanceOf(WorkflowFailedException.class);

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.labelSets(ATTEMPTS + "_count"))
        .containsExactlyInAnyOrder(activity("Flaky", true), activity("Doomed", true));
    assertThat(scrape.value(ATTEMPTS + "_sum", activity("Flaky", true))).isEqualTo(3);
    assertThat(scrape.value(ATTEMPTS + "_sum", activity("Doomed", true))).isEqualTo(3);
    assertThat(scrape.labelSets(EXHAUSTED)).containsExactly(activity("Doomed", true));
    assertThat(scrape.value(EXHAUSTED, activity("Doomed", true))).isEqualTo(1);
  }

  @Test
  void aRunThatWaitsADayLandsInADayBucketNotInInf() {
    assertThat(run("a-day-and-an-hour")).isEqualTo("slept");

    Scrape scrape = Scrape.of(monitoring);
    Map<String, String> completed = Map.of("workflow_type", "OutcomeFlow", "task_queue", QUEUE,
        "result", "completed");
    String duration = "compozy_temporal_workflow_duration_seconds_bucket";
    // the original's boundaries are all still there
    for (String le : new String[] {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0",
        "10.0"}) {
      assertThat(scrape.value(duration, bucket(completed, le))).as(le).isZero();
    }
    assertThat(scrape.value(duration, bucket(completed, "86400.0"))).isZero();
    assertThat(scrape.value(duration, bucket(completed, "172800.0"))).isEqualTo(1);
  }
}
