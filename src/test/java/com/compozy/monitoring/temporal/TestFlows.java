package com.compozy.monitoring.temporal;

import com.compozy.monitoring.service.MonitoringService;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A workflow driven by a plan of steps, so each test states the history it needs in one line. */
public final class TestFlows {
  /** Starts a worker on {@code queue} running the test flow and activities, instrumented by {@code service}. */
  static WorkerFactory startWorker(WorkflowClient client, String queue, MonitoringService service,
      WorkerFactoryOptions options, WorkerOptions workerOptions) {
    WorkerFactory factory = WorkerFactory.newInstance(client, TemporalMetrics.of(service).addTo(options));
    Worker worker = factory.newWorker(queue, workerOptions);
    worker.registerWorkflowImplementationTypes(TestFlowImpl.class);
    worker.registerActivitiesImplementations(new TestActivitiesImpl());
    factory.start();
    return factory;
  }

  /**
   * A worker without sticky execution: every workflow task of a run goes to the task queue with the
   * whole history, which the worker replays from the start, and any worker polling the queue may
   * take it. (Not {@code setWorkflowCacheSize(0)}: SDK 1.38 reads 0 as its default, 600.)
   */
  static WorkerOptions withoutStickyExecution() {
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  /** A stub for a new run of the test flow on {@code queue}. */
  static TestFlow newFlow(WorkflowClient client, String queue) {
    return client.newWorkflowStub(TestFlow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(queue)
        .setWorkflowId("flow-" + UUID.randomUUID())
        .build());
  }

  /** Workflow task attempts that hit the "bug" step, by workflow id. */
  static final Map<String, AtomicInteger> BUG_ATTEMPTS = new ConcurrentHashMap<>();
  /** Executions of the "changed" step's code, live or replayed, by workflow id. */
  static final Map<String, AtomicInteger> CHANGED_EXECUTIONS = new ConcurrentHashMap<>();
  /** Attempts of the flaky activity, by workflow id. */
  static final Map<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

  private TestFlows() {}

  @WorkflowInterface
  public interface TestFlow {
    /**
     * Runs {@code plan}, comma-separated steps: {@code activity}, {@code flaky} (an activity that
     * fails twice, then succeeds), {@code sleep10}, {@code sleep1h}, {@code await} (the next
     * signal), {@code fail}, {@code bug} (a non-Temporal exception: fails the workflow task),
     * {@code child-timeout}, {@code continue} (continue-as-new with the remaining steps),
     * {@code local} (a local activity), {@code child} (a child workflow running one activity),
     * {@code changed} (an activity the first time the code runs, a timer when it runs again for a replay:
     * code changed non-deterministically).
     */
    @WorkflowMethod
    String run(String plan);

    @SignalMethod
    void proceed();

    @QueryMethod
    int signals();
  }

  @ActivityInterface
  public interface TestActivities {
    String echo(String text);

    String flaky(String key);
  }

  public static class TestFlowImpl implements TestFlow {
    private final TestActivities activities = Workflow.newActivityStub(TestActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(10))
                .setBackoffCoefficient(1)
                .setMaximumAttempts(5)
                .build())
            .build());
    private final TestActivities localActivities = Workflow.newLocalActivityStub(TestActivities.class,
        LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
    private int signals;

    @Override
    public String run(String plan) {
      String[] steps = plan.isEmpty() ? new String[0] : plan.split(",");
      int awaited = 0;
      for (int i = 0; i < steps.length; i++) {
        switch (steps[i]) {
          case "activity":
            activities.echo("hello");
            break;
          case "flaky":
            activities.flaky(Workflow.getInfo().getWorkflowId());
            break;
          case "sleep10":
            Workflow.sleep(Duration.ofSeconds(10));
            break;
          case "sleep1h":
            Workflow.sleep(Duration.ofHours(1));
            break;
          case "await":
            int target = ++awaited;
            Workflow.await(() -> signals >= target);
            break;
          case "fail":
            throw ApplicationFailure.newNonRetryableFailure("planned failure", "Planned");
          case "bug":
            BUG_ATTEMPTS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), k -> new AtomicInteger())
                .incrementAndGet();
            throw new IllegalStateException("planned bug");
          case "child-timeout":
            Workflow.newChildWorkflowStub(TestFlow.class, ChildWorkflowOptions.newBuilder()
                    .setWorkflowExecutionTimeout(Duration.ofSeconds(5)).build())
                .run("sleep1h");
            break;
          case "local":
            localActivities.echo("hello");
            break;
          case "child":
            Workflow.newChildWorkflowStub(TestFlow.class).run("activity");
            break;
          case "changed":
            if (CHANGED_EXECUTIONS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), k -> new AtomicInteger())
                .incrementAndGet() > 1) { // what a deployment whose code changed sees in the old history
              Workflow.sleep(Duration.ofMillis(1));
            } else {
              activities.echo("hello");
            }
            break;
          case "continue":
            Workflow.continueAsNew(String.join(",", Arrays.copyOfRange(steps, i + 1, steps.length)));
            break;
          default:
            throw ApplicationFailure.newNonRetryableFailure("unknown step " + steps[i], "Plan");
        }
      }
      return "done";
    }

    @Override
    public void proceed() {
      signals++;
    }

    @Override
    public int signals() {
      return signals;
    }
  }

  public static class TestActivitiesImpl implements TestActivities {
    @Override
    public String echo(String text) {
      return text;
    }

    @Override
    public String flaky(String key) {
      int attempt = FLAKY_ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (attempt <= 2) {
        throw ApplicationFailure.newFailure("flaky attempt " + attempt, "Flaky");
      }
      return "ok";
    }
  }
}
