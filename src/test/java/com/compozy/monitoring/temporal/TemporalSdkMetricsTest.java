package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.temporal.TestFlows.TestActivitiesImpl;
import com.compozy.monitoring.temporal.TestFlows.TestFlow;
import com.compozy.monitoring.temporal.TestFlows.TestFlowImpl;
import com.compozy.monitoring.testing.Scrape;
import com.uber.m3.tally.NoopScope;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Temporal SDK's own metrics, reported through its Micrometer reporter into the service's
 * registry: served beside the library's {@code compozy_temporal_*} series from one scrape, with the
 * names and labels Temporal's dashboards query.
 */
@Timeout(60)
class TemporalSdkMetricsTest {
  private static final String QUEUE = "sdk-metrics";
  private final MonitoringService monitoring =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private TestWorkflowEnvironment env;
  private WorkerFactory workers;

  @AfterEach
  void stop() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (env != null) {
      env.close();
    }
    monitoring.shutdown();
  }

  /** A test server whose SDK reports to the service and whose worker runs the library's interceptor. */
  private void startInstrumentedWorker() {
    TemporalMetrics temporal = TemporalMetrics.of(monitoring);
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setMetricsScope(temporal.sdkMetricsScope())
        .setWorkerFactoryOptions(temporal.addTo(WorkerFactoryOptions.newBuilder().build()))
        .build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(TestFlowImpl.class);
    worker.registerActivitiesImplementations(new TestActivitiesImpl());
    env.start();
  }

  @Test
  void sdkMetricsAreServedBesideTheLibrarysFromOneScrape() {
    startInstrumentedWorker();

    TestFlow flow = env.getWorkflowClient().newWorkflowStub(TestFlow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("sdk-metrics-flow").build());
    assertThat(flow.run("activity,activity")).isEqualTo("done");

    // a poll does not know the workflow type yet: the SDK labels it "none"
    Map<String, String> workflowTasks = Map.of("namespace", "default", "task_queue", QUEUE,
        "worker_type", "WorkflowWorker");
    // the SDK buffers its values and reports them every second
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Scrape scrape = Scrape.of(monitoring);
      assertThat(sum(scrape, "temporal_workflow_completed_total", Map.of(
          "namespace", "default", "task_queue", QUEUE, "workflow_type", "TestFlow"))).isEqualTo(1);
      assertThat(scrape.value("compozy_temporal_workflow_completed_total",
          "task_queue", QUEUE, "workflow_type", "TestFlow")).isEqualTo(1);
      assertThat(sum(scrape, "temporal_workflow_task_schedule_to_start_latency_seconds_count", workflowTasks))
          .isGreaterThanOrEqualTo(1);
      assertThat(sum(scrape, "temporal_workflow_task_schedule_to_start_latency_seconds_bucket",
          Map.of("le", "+Inf"))).isGreaterThanOrEqualTo(1);
      // 15 bounds, 200 ms among them, not Micrometer's 69
      assertThat(scrape.labelValues("temporal_workflow_task_schedule_to_start_latency_seconds_bucket", "le"))
          .containsExactly("0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.2", "0.5", "1.0", "2.5", "5.0",
              "10.0", "30.0", "60.0", "+Inf");
    });

    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.labelValues("temporal_request_total", "operation"))
        .contains("StartWorkflowExecution", "RespondWorkflowTaskCompleted", "RespondActivityTaskCompleted");
    // polls are long requests, counted apart
    assertThat(scrape.labelValues("temporal_long_request_total", "operation"))
        .contains("PollWorkflowTaskQueue", "PollActivityTaskQueue");
    assertThat(scrape.labelSets("temporal_request_total")).allSatisfy(labels -> assertThat(labels)
        .containsKeys("namespace", "operation"));
    assertThat(sum(scrape, "temporal_activity_execution_latency_seconds_count", Map.of(
        "namespace", "default", "task_queue", QUEUE, "workflow_type", "TestFlow", "activity_type", "Echo",
        "worker_type", "ActivityWorker"))).isEqualTo(2);
    assertThat(scrape.labelSets("temporal_worker_task_slots_available"))
        .extracting(labels -> labels.get("worker_type"))
        .contains("WorkflowWorker", "ActivityWorker");
    assertThat(scrape.families("temporal_sticky_cache")).isNotEmpty();
  }

  /**
   * A workflow task failure, a bug in workflow code, is counted by the SDK itself, by workflow type
   * and reason ({@code WorkflowError}; {@code NonDeterminismError} for a non-deterministic change),
   * and served at the library's endpoint.
   */
  @Test
  void workflowTaskFailuresAreCountedByWorkflowTypeAndReason() {
    startInstrumentedWorker();

    TestFlow buggy = env.getWorkflowClient().newWorkflowStub(TestFlow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("buggy-flow").build());
    WorkflowClient.start(buggy::run, "bug");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sum(Scrape.of(monitoring),
        "temporal_workflow_task_execution_failed_total", Map.of("task_queue", QUEUE, "workflow_type", "TestFlow",
            "failure_reason", "WorkflowError"))).isGreaterThanOrEqualTo(1));
  }

  /**
   * A deployment whose workflow code changed so that replaying an older history issues another
   * command: every workflow task of the run fails with {@code NonDeterminismError}, counted by the
   * SDK; the library's counts stay those of the one run, which neither completed nor failed.
   */
  @Test
  void aNonDeterministicWorkflowTaskIsCountedAndTheRunOnce() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setMetricsScope(TemporalMetrics.of(monitoring).sdkMetricsScope()).build());
    // every workflow task replays the history from the start
    workers = TestFlows.startWorker(env.getWorkflowClient(), QUEUE, monitoring, WorkerFactoryOptions.getDefaultInstance(),
        TestFlows.withoutStickyExecution());

    TestFlow changed = env.getWorkflowClient().newWorkflowStub(TestFlow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("changed-flow").build());
    WorkflowClient.start(changed::run, "changed");

    Map<String, String> nonDeterministic = Map.of("task_queue", QUEUE, "workflow_type", "TestFlow",
        "failure_reason", "NonDeterminismError");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sum(Scrape.of(monitoring),
        "temporal_workflow_task_execution_failed_total", nonDeterministic)).isGreaterThanOrEqualTo(1));
    Scrape scrape = Scrape.of(monitoring);
    assertThat(scrape.value("compozy_temporal_workflow_started_total", "task_queue", QUEUE, "workflow_type", "TestFlow"))
        .isEqualTo(1);
    assertThat(scrape.value("compozy_temporal_activity_completed_total", "task_queue", QUEUE,
        "workflow_type", "TestFlow", "activity_type", "Echo")).isEqualTo(1);
    assertThat(scrape.samples("compozy_temporal_workflow_completed_total")).isEmpty();
    assertThat(scrape.samples("compozy_temporal_workflow_failed_total")).isEmpty();
  }

  @Test
  void oneScrapeHasEachFamilyOnce() {
    TemporalMetrics temporal = TemporalMetrics.of(monitoring);
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setMetricsScope(temporal.sdkMetricsScope()).build());
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(TestFlowImpl.class);
    env.start();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> Scrape.text(monitoring).contains("temporal_worker_task_slots_available"));

    List<String> types = Scrape.text(monitoring).lines().filter(line -> line.startsWith("# TYPE ")).toList();
    assertThat(types).doesNotHaveDuplicates();
  }

  @Test
  void stubsOptionsReportToTheServiceAndAreUnchangedWhenItIsDisabled() {
    TemporalMetrics temporal = TemporalMetrics.of(monitoring);
    ClientInterceptor own = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options);
      }
    };
    WorkflowServiceStubsOptions.Builder builder =
        WorkflowServiceStubsOptions.newBuilder().setGrpcClientInterceptors(List.of(own));
    WorkflowServiceStubsOptions twice = temporal.addTo(temporal.addTo(builder)).build();
    assertThat(twice.getMetricsScope()).isSameAs(temporal.sdkMetricsScope());
    // the application's own interceptor stays, and the attempt watcher is there once
    assertThat(twice.getGrpcClientInterceptors()).hasSize(2).first().isSameAs(own);
    assertThat(twice.getGrpcClientInterceptors()).element(1).isInstanceOf(RetriedWorkflowTasks.class);

    MonitoringService disabled = MonitoringService.create(MonitoringConfig.builder().enabled(false).build());
    try {
      TemporalMetrics off = TemporalMetrics.of(disabled);
      assertThat(off.sdkMetricsScope()).isInstanceOf(NoopScope.class);
      WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
      assertThat(off.addTo(options)).isSameAs(options);
      assertThat(options.build().getMetricsScope()).isNotSameAs(temporal.sdkMetricsScope());
      assertThat(options.build().getGrpcClientInterceptors()).isNullOrEmpty();
    } finally {
      disabled.shutdown();
    }
  }

  /**
   * The sum of {@code name}'s series that carry {@code labels} among others: the SDK gives every
   * series of a family the same label names, {@code none} where one does not apply; fails, listing
   * what exists, when none matches.
   */
  private static double sum(Scrape scrape, String name, Map<String, String> labels) {
    List<Scrape.Sample> matching = scrape.samples(name).stream()
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet())).toList();
    assertThat(matching).as("series %s with %s among %s", name, labels, scrape.samples(name)).isNotEmpty();
    return matching.stream().mapToDouble(Scrape.Sample::value).sum();
  }
}
