package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.temporal.TestFlows.TestFlow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Runs real workflows on the in-process test server (time skipping) and reads the counts a
 * Prometheus scrape would see. Each test has its own task queue and monitoring service, so counts
 * are exact; the server is shared because starting one takes seconds.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemporalWorkflowMetricsTest {
  private static final String STARTED = "compozy_temporal_workflow_started_total";
  private static final String COMPLETED = "compozy_temporal_workflow_completed_total";
  private static final String FAILED = "compozy_temporal_workflow_failed_total";
  private static final String CONTINUED = "compozy_temporal_workflow_continued_as_new_total";
  private static final String DURATION = "compozy_temporal_workflow_duration_seconds";
  private static final String ACTIVITY_STARTED = "compozy_temporal_activity_started_total";
  private static final String ACTIVITY_COMPLETED = "compozy_temporal_activity_completed_total";
  private static final String ACTIVITY_FAILED = "compozy_temporal_activity_failed_total";
  private static final String ACTIVITY_DURATION = "compozy_temporal_activity_duration_seconds";
  private static final String ENDED_BY_SERVER = "compozy_temporal_workflow_ended_by_server_total";
  private static final String WORKFLOW_TYPE = "TestFlow";

  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;

  private final List<WorkerFactory> factories = new ArrayList<>();
  private final List<MonitoringService> services = new ArrayList<>();
  private String queue;
  private MonitoringService monitoring;

  @BeforeAll
  static void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    // the environment keeps time locked until started; started, it skips idle time
    env.start();
  }

  @AfterAll
  static void stopServer() {
    env.close();
  }

  @BeforeEach
  void newQueue() {
    queue = "metrics-" + UUID.randomUUID();
    monitoring = newService();
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    for (WorkerFactory factory : factories) {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    services.forEach(MonitoringService::shutdown);
  }

  @Test
  void completedWorkflowIsCountedOnceWithItsDurationInWorkflowTime() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());

    assertThat(newFlow().run("sleep10,activity")).isEqualTo("done");

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.labelSets(STARTED)).containsExactly(workflow());
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(COMPLETED)).containsExactly(workflow());
    assertThat(scrape.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(FAILED)).isEmpty();
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(workflow("completed"));
    assertThat(scrape.value(DURATION + "_count", workflow("completed"))).isEqualTo(1);
    // the timer is skipped in real time, so only workflow time can give ~10 s
    assertThat(scrape.value(DURATION + "_sum", workflow("completed"))).isBetween(10.0, 11.5);
    assertThat(scrape.value(DURATION + "_bucket", with(workflow("completed"), "le", "5.0"))).isZero();
    assertThat(scrape.value(DURATION + "_bucket", with(workflow("completed"), "le", "+Inf"))).isEqualTo(1);

    assertThat(scrape.labelSets(ACTIVITY_STARTED)).containsExactly(activity("Echo"));
    assertThat(scrape.value(ACTIVITY_STARTED, activity("Echo"))).isEqualTo(1);
    assertThat(scrape.value(ACTIVITY_COMPLETED, activity("Echo"))).isEqualTo(1);
    assertThat(scrape.labelSets(ACTIVITY_FAILED)).isEmpty();
    assertThat(scrape.labelSets(ACTIVITY_DURATION + "_count")).containsExactly(activity("Echo", "completed"));
  }

  @Test
  void failedWorkflowIsCountedAsFailed() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());

    assertThatThrownBy(() -> newFlow().run("fail")).isInstanceOf(WorkflowFailedException.class);

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(COMPLETED)).isEmpty();
    assertThat(scrape.labelSets(FAILED)).containsExactly(workflow("failed"));
    assertThat(scrape.value(FAILED, workflow("failed"))).isEqualTo(1);
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(workflow("failed"));
    assertThat(scrape.value(DURATION + "_count", workflow("failed"))).isEqualTo(1);
  }

  @Test
  void canceledWorkflowIsCountedAsCanceled() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());
    TestFlow flow = newFlow();
    WorkflowClient.start(flow::run, "await");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Scrape.of(monitoring).value(STARTED, workflow()) == 1);

    WorkflowStub stub = WorkflowStub.fromTyped(flow);
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(20, TimeUnit.SECONDS, String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(COMPLETED)).isEmpty();
    assertThat(scrape.labelSets(FAILED)).containsExactly(workflow("canceled"));
    assertThat(scrape.value(FAILED, workflow("canceled"))).isEqualTo(1);
    assertThat(scrape.value(DURATION + "_count", workflow("canceled"))).isEqualTo(1);
  }

  @Test
  void executionTimeoutIsNotSeenByTheWorkerButATimeoutPassedOnIs() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());

    // the server times the child out; the parent sees a ChildWorkflowFailure caused by a timeout
    WorkflowFailedException failure = catchFailure(() -> newFlow().run("child-timeout"));
    assertThat(failure.getCause().getCause()).isInstanceOf(TimeoutFailure.class);
    // a top-level run timed out by the server
    TestFlow timedOut = client.newWorkflowStub(TestFlow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(queue)
        .setWorkflowId("timeout-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofSeconds(5))
        .build());
    assertThat(catchFailure(() -> timedOut.run("sleep1h")).getCause()).isInstanceOf(TimeoutFailure.class);

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(3);
    assertThat(scrape.labelSets(COMPLETED)).isEmpty();
    // only the parent ends on a worker; runs timed out by the server never do
    assertThat(scrape.labelSets(FAILED)).containsExactly(workflow("timeout"));
    assertThat(scrape.value(FAILED, workflow("timeout"))).isEqualTo(1);
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(workflow("timeout"));
    assertThat(scrape.value(DURATION + "_sum", workflow("timeout"))).isBetween(5.0, 6.5);
  }

  @Test
  void everyActivityAttemptIsCounted() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());

    assertThat(newFlow().run("flaky")).isEqualTo("done");

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(ACTIVITY_STARTED, activity("Flaky"))).isEqualTo(3);
    assertThat(scrape.labelSets(ACTIVITY_FAILED)).containsExactly(activity("Flaky", "failed"));
    assertThat(scrape.value(ACTIVITY_FAILED, activity("Flaky", "failed"))).isEqualTo(2);
    assertThat(scrape.value(ACTIVITY_COMPLETED, activity("Flaky"))).isEqualTo(1);
    assertThat(scrape.value(ACTIVITY_DURATION + "_count", activity("Flaky", "failed"))).isEqualTo(2);
    assertThat(scrape.value(ACTIVITY_DURATION + "_count", activity("Flaky", "completed"))).isEqualTo(1);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.value(COMPLETED, workflow())).isEqualTo(1);
  }

  @Test
  void withoutACacheEveryTaskReplaysAndEachRunIsStillCountedOnce() throws Exception {
    // every task replays the history from the start
    startWorker(monitoring, WorkerFactoryOptions.getDefaultInstance(), TestFlows.withoutStickyExecution());
    TestFlow flow = newFlow();
    // timers are skipped only while a client waits for the result: the sleep comes last
    WorkflowClient.start(flow::run, "activity,await,activity,sleep10,await");
    await().atMost(Duration.ofSeconds(10)).until(() -> flow.signals() == 0
        && Scrape.of(monitoring).value(ACTIVITY_COMPLETED, activity("Echo")) == 1);
    flow.proceed();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Scrape.of(monitoring).value(ACTIVITY_COMPLETED, activity("Echo")) == 2);
    flow.proceed();

    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");
    assertThat(flow.signals()).isEqualTo(2);

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(FAILED)).isEmpty();
    assertThat(scrape.value(DURATION + "_count", workflow("completed"))).isEqualTo(1);
    assertThat(scrape.value(DURATION + "_sum", workflow("completed"))).isGreaterThanOrEqualTo(10);
    assertThat(scrape.value(ACTIVITY_STARTED, activity("Echo"))).isEqualTo(2);
  }

  @Test
  void aRunMovedToAnotherWorkerIsStartedByTheFirstAndEndedByTheSecond() throws Exception {
    MonitoringService first = monitoring;
    // A worker normally asks the server to send the run's next task to its own sticky queue. A real
    // server hands that task to the task queue once the worker has shut down (ShutdownWorker) or
    // the sticky schedule-to-start timeout has passed; the test server does neither, and would keep
    // the task on the dead worker's sticky queue for ever. Without sticky execution on the first
    // worker, every task of the run goes to the task queue, where the server would put it anyway.
    WorkerFactory firstWorker = startWorker(first, WorkerFactoryOptions.newBuilder().build(),
        TestFlows.withoutStickyExecution());
    TestFlow flow = newFlow();
    long realStart = System.nanoTime();
    // timers are skipped only while a client waits for the result: the sleep comes after the signal
    String workflowId = WorkflowClient.start(flow::run, "activity,await,sleep1h,activity").getWorkflowId();
    // the first worker has run the start and the first activity, and the run waits for the signal
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      List<EventType> events = eventTypes(workflowId);
      return events.contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
          && events.get(events.size() - 1) == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    });
    firstWorker.shutdownNow();
    firstWorker.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(firstWorker.isTerminated()).isTrue();

    MonitoringService second = newService();
    startWorker(second, WorkerFactoryOptions.newBuilder().build());
    flow.proceed();
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");
    double realSeconds = (System.nanoTime() - realStart) / 1e9;

    Scrape before = Scrape.of(first);
    Scrape after = Scrape.of(second);
    assertThat(before.value(STARTED, workflow())).isEqualTo(1);
    assertThat(before.labelSets(COMPLETED)).isEmpty();
    assertThat(before.value(ACTIVITY_STARTED, activity("Echo"))).isEqualTo(1);
    assertThat(after.labelSets(STARTED)).isEmpty();
    assertThat(after.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(after.value(DURATION + "_count", workflow("completed"))).isEqualTo(1);
    // the hour is skipped in real time, so only workflow time from the run's start lands here
    assertThat(after.value(DURATION + "_sum", workflow("completed"))).isBetween(3600.0, 3600.0 + realSeconds);
    assertThat(after.value(ACTIVITY_STARTED, activity("Echo"))).isEqualTo(1);
  }

  @Test
  void aFirstWorkflowTaskRetriedOnAnotherWorkerIsCountedAsStartedOnceAcrossTheFleet() throws Exception {
    // worker A runs a broken build: the run's first workflow task fails there, attempt after attempt
    MonitoringService first = monitoring;
    WorkerFactory broken = WorkerFactory.newInstance(monitoredClient(first),
        TemporalMetrics.of(first).addTo(WorkerFactoryOptions.newBuilder().build()));
    broken.newWorker(queue).registerWorkflowImplementationTypes(BrokenBuild.class);
    broken.start();
    factories.add(broken);
    TestFlow flow = newFlow();
    String workflowId = WorkflowClient.start(flow::run, "activity").getWorkflowId();
    await().atMost(Duration.ofSeconds(20)).until(() -> BrokenBuild.attempts(workflowId) >= 2);
    broken.shutdownNow();
    broken.awaitTermination(10, TimeUnit.SECONDS);
    int failedOnA = BrokenBuild.attempts(workflowId);

    // worker B, the fixed build, gets the next attempt of that first task and runs the method live
    MonitoringService second = newService();
    WorkerFactory fixed = TestFlows.startWorker(monitoredClient(second), queue, second,
        WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    factories.add(fixed);
    assertThat(WorkflowStub.fromTyped(flow).getResult(30, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    assertThat(failedOnA).isGreaterThanOrEqualTo(2);
    assertThat(eventTypes(workflowId)).contains(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    Scrape onA = Scrape.of(first);
    Scrape onB = Scrape.of(second);
    assertThat(onA.value(STARTED, workflow())).isEqualTo(1);
    assertThat(onA.labelSets(COMPLETED)).isEmpty();
    assertThat(onB.labelSets(STARTED)).isEmpty();
    assertThat(onB.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(onB.value(ACTIVITY_COMPLETED, activity("Echo"))).isEqualTo(1);
  }

  @Test
  void runsTheServerEndsAreCountedByTheClientThatWaitsForThem() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());
    MonitoringService clientSide = newService();
    WorkflowClient waiting = monitoredClient(clientSide);

    TestFlow terminated = TestFlows.newFlow(waiting, queue);
    WorkflowClient.start(terminated::run, "await");
    assertThat(terminated.signals()).isZero(); // the first workflow task is done: nothing in flight
    WorkflowStub.fromTyped(terminated).terminate("operator");
    for (int i = 0; i < 2; i++) { // waited for twice, counted once
      assertThatThrownBy(() -> WorkflowStub.fromTyped(terminated).getResult(String.class))
          .isInstanceOf(WorkflowFailedException.class);
    }
    assertThat(WorkflowStub.fromTyped(terminated).getResultAsync(String.class))
        .failsWithin(Duration.ofSeconds(10));
    TestFlow timedOut = waiting.newWorkflowStub(TestFlow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(queue)
        .setWorkflowId("timeout-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofSeconds(5))
        .build());
    assertThatThrownBy(() -> timedOut.run("sleep1h")).isInstanceOf(WorkflowFailedException.class);
    assertThat(TestFlows.newFlow(waiting, queue).run("activity")).isEqualTo("done");
    assertThatThrownBy(() -> TestFlows.newFlow(waiting, queue).run("fail")).isInstanceOf(WorkflowFailedException.class);

    Scrape client = Scrape.of(clientSide);
    assertThat(client.labelSets(ENDED_BY_SERVER)).containsExactlyInAnyOrder(
        Map.of("workflow_type", WORKFLOW_TYPE, "result", "terminated"),
        Map.of("workflow_type", WORKFLOW_TYPE, "result", "timeout"));
    assertThat(client.value(ENDED_BY_SERVER, Map.of("workflow_type", WORKFLOW_TYPE, "result", "terminated")))
        .isEqualTo(1);
    assertThat(client.value(ENDED_BY_SERVER, Map.of("workflow_type", WORKFLOW_TYPE, "result", "timeout")))
        .isEqualTo(1);
    Scrape worker = Scrape.of(monitoring);
    assertThat(worker.value(STARTED, workflow())).isEqualTo(4);
    assertThat(worker.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(worker.value(FAILED, workflow("failed"))).isEqualTo(1);
    assertThat(worker.labelSets(ENDED_BY_SERVER)).isEmpty();
  }

  @Test
  void queriesAndSignalsDoNotCountRuns() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());
    TestFlow flow = newFlow();
    WorkflowClient.start(flow::run, "await,await");
    flow.proceed();
    assertThat(flow.signals()).isEqualTo(1);
    flow.proceed();
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");
    Scrape atCompletion = Scrape.of(monitoring);

    // a query on a closed run replays its whole history on the worker, up to the completion
    for (int i = 0; i < 3; i++) {
      assertThat(flow.signals()).isEqualTo(2);
    }

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(scrape.value(DURATION + "_count", workflow("completed"))).isEqualTo(1);
    assertThat(scrape.samples()).isEqualTo(atCompletion.samples());
  }

  @Test
  void aContinuedRunEndsAsContinuedAndTheNewRunIsCountedOnItsOwn() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());

    assertThat(newFlow().run("sleep10,continue,activity")).isEqualTo("done");

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(2);
    assertThat(scrape.value(CONTINUED, workflow())).isEqualTo(1);
    assertThat(scrape.value(COMPLETED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(FAILED)).isEmpty();
    // skipped time jumps to the timer; the real time of the tasks around it adds a little
    assertThat(scrape.value(DURATION + "_sum", workflow("continued_as_new"))).isBetween(10.0, 11.5);
    assertThat(scrape.value(DURATION + "_count", workflow("completed"))).isEqualTo(1);
  }

  @Test
  // Last: the test server keeps time locked for the task in flight when the run is terminated, so
  // later tests would sleep in real time.
  @Order(Integer.MAX_VALUE)
  void aFailingWorkflowTaskIsRetriedWithoutCountingTheRunAgain() throws Exception {
    startWorker(monitoring, WorkerFactoryOptions.newBuilder().build());
    TestFlow flow = newFlow();
    String workflowId = WorkflowClient.start(flow::run, "bug").getWorkflowId();

    await().atMost(Duration.ofSeconds(30)).until(() ->
        TestFlows.BUG_ATTEMPTS.getOrDefault(workflowId, new AtomicInteger()).get() >= 2);
    WorkflowStub.fromTyped(flow).terminate("test over");

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value(STARTED, workflow())).isEqualTo(1);
    assertThat(scrape.labelSets(COMPLETED)).isEmpty();
    assertThat(scrape.labelSets(FAILED)).isEmpty();
    assertThat(scrape.labelSets(DURATION + "_count")).isEmpty();
  }

  private List<EventType> eventTypes(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream().map(HistoryEvent::getEventType).toList();
  }

  private WorkflowFailedException catchFailure(Runnable run) {
    try {
      run.run();
    } catch (WorkflowFailedException e) {
      return e;
    }
    throw new AssertionError("the workflow did not fail");
  }

  /** A client on the test server whose stubs and options carry {@code service}'s Temporal metrics. */
  private static WorkflowClient monitoredClient(MonitoringService service) {
    TemporalMetrics temporal = TemporalMetrics.of(service);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(temporal.addTo(
        WorkflowServiceStubsOptions.newBuilder().setChannel(env.getWorkflowServiceStubs().getRawChannel())).build());
    return WorkflowClient.newInstance(stubs, temporal.addTo(WorkflowClientOptions.newBuilder()
        .setNamespace(client.getOptions().getNamespace())).build());
  }

  /** A build of the test flow whose workflow code fails every workflow task it runs. */
  public static class BrokenBuild implements TestFlow {
    private static final Map<String, AtomicInteger> ATTEMPTS =
        new ConcurrentHashMap<>();

    static int attempts(String workflowId) {
      return ATTEMPTS.getOrDefault(workflowId, new AtomicInteger()).get();
    }

    @Override
    public String run(String plan) {
      ATTEMPTS.computeIfAbsent(Workflow.getInfo().getWorkflowId(), k -> new AtomicInteger())
          .incrementAndGet();
      throw new IllegalStateException("a broken build");
    }

    @Override
    public void proceed() {}

    @Override
    public int signals() {
      return 0;
    }
  }

  private MonitoringService newService() {
    MonitoringService service = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    services.add(service);
    return service;
  }

  private WorkerFactory startWorker(MonitoringService service, WorkerFactoryOptions options) {
    return startWorker(service, options, WorkerOptions.getDefaultInstance());
  }

  private WorkerFactory startWorker(
      MonitoringService service, WorkerFactoryOptions options, WorkerOptions workerOptions) {
    WorkerFactory factory = TestFlows.startWorker(client, queue, service, options, workerOptions);
    factories.add(factory);
    return factory;
  }

  private TestFlow newFlow() {
    return TestFlows.newFlow(client, queue);
  }

  private Map<String, String> workflow() {
    return Map.of("workflow_type", WORKFLOW_TYPE, "task_queue", queue);
  }

  private Map<String, String> workflow(String result) {
    return with(workflow(), "result", result);
  }

  private Map<String, String> activity(String activityType) {
    return Map.of("activity_type", activityType, "workflow_type", WORKFLOW_TYPE, "task_queue", queue);
  }

  private Map<String, String> activity(String activityType, String result) {
    return with(activity(activityType), "result", result);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> result = new LinkedHashMap<>(labels);
    result.put(key, value);
    return result;
  }
}
