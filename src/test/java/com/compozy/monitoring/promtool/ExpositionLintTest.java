package com.compozy.monitoring.promtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.dispatcher.TakeoverOutcome;
import com.compozy.monitoring.memory.MemoryMonitor;
import com.compozy.monitoring.promtool.Promtool.Result;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.system.BuildInfo;
import com.compozy.monitoring.system.SystemMetrics;
import com.compozy.monitoring.temporal.TemporalMetrics;
import com.compozy.monitoring.testing.OtlpReceiver;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lints a scrape of the library's own metrics with {@code promtool check metrics} (Prometheus'
 * naming and exposition conventions: help text, counter suffixes, units, ...).
 *
 * <p>Registered and recorded once each: system (build info, uptime and the JVM metrics of
 * OpenTelemetry's runtime-telemetry), dispatcher lifecycle and health, memory, and Temporal (two
 * real workflow runs on the in-process test server, one completed and one failed, with an activity
 * that fails once, plus the worker gauges). Not covered: the HTTP metrics, whose instruments
 * ({@code com.compozy.monitoring.http.HttpMetrics}) are package-private and only created by the
 * servlet filter inside a container.
 *
 * <p>Our names ({@code compozy_*}) must be clean, including the three names ending in
 * {@code _total} that the original gives to values that go down (served as {@code untyped}), and so
 * must the Temporal SDK's own families, reported through its Micrometer reporter, but for the
 * upstream names listed in {@link #fullScrapeHasNoLintProblemsButUpstreamNames()}.
 */
@Timeout(120)
class ExpositionLintTest {
  private static final String TASK_QUEUE = "promtool-lint";
  /** What {@code promtool check metrics} exits with when it found lint problems. */
  private static final int LINT_PROBLEMS_EXIT_CODE = 3;
  private static MonitoringService service;
  private static String exposition;

  @BeforeAll
  static void recordEverythingOnce() throws Exception {
    TestClock clock = new TestClock();
    service = MonitoringService.builder().config(MonitoringConfig.builder().enabled(true).build()).clock(clock).build();

    SystemMetrics.of(service, () -> BuildInfo.of("1.0.0", "abc123"));

    DispatcherMetrics dispatchers = DispatcherMetrics.of(service);
    dispatchers.start("d1");
    dispatchers.heartbeat("d1");
    dispatchers.restart("d1");
    dispatchers.scan(10, 1, Duration.ofMillis(12));
    dispatchers.takeover("d2", Duration.ofMillis(40), TakeoverOutcome.STARTED);
    dispatchers.stop("d1");

    DispatcherHealthRegistry health = DispatcherHealthRegistry.of(service);
    health.register("healthy", Duration.ofMinutes(2));
    health.register("stale", Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(60));
    health.heartbeat("healthy");

    MemoryMonitor memory = MemoryMonitor.of(service);
    memory.time("m1", "p1", "append", () -> "ok");
    assertThatThrownBy(() -> memory.time("m1", "p1", "read", () -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    memory.messages("m1", "p1", 3);
    memory.tokens("m1", "p1", 120);
    memory.trim("m1", "p1", "fifo", 40);
    memory.flush("m1", "p1", "summarize");
    memory.lockAcquired("m1", "p1");
    memory.lockContention("m1", "p1");
    memory.redaction("m1", "p1");
    memory.circuitBreakerTrip("m1", "p1");
    memory.tokensUsed("m1", 80, 4000);

    runWorkflows(TemporalMetrics.of(service));
    // the SDK reports what it buffered every second
    await().atMost(Duration.ofSeconds(20))
        .until(() -> sdkReported(Scrape.text(service)));

    exposition = Scrape.text(service);
    // kept for whoever debugs a failure (and writes dashboards): target/promtool/exposition.txt
    Path copy = Promtool.projectRoot().resolve("target/promtool/exposition.txt");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, exposition);
  }

  @AfterAll
  static void shutdown() {
    if (service != null) {
      service.shutdown();
    }
  }

  @Test
  void scrapeCoversTheLibrarysFamilies() {
    assertThat(Scrape.parse(exposition).types("").keySet()).contains(
        "compozy_system_build_info", "compozy_system_uptime_seconds",
        "compozy_dispatcher_active_total", "compozy_dispatcher_heartbeat_total",
        "compozy_dispatcher_lifecycle_events_total", "compozy_dispatcher_takeover_total",
        "compozy_dispatcher_health_status", "compozy_dispatcher_heartbeat_age_seconds",
        "compozy_dispatcher_consecutive_failures",
        "compozy_memory_operation_duration_seconds", "compozy_memory_messages_total",
        "compozy_temporal_workflow_started_total", "compozy_temporal_workflow_completed_total",
        "compozy_temporal_workflow_failed_total", "compozy_temporal_workflow_duration_seconds",
        "compozy_temporal_activity_started_total", "compozy_temporal_activity_completed_total",
        "compozy_temporal_activity_failed_total", "compozy_temporal_activity_duration_seconds",
        "compozy_temporal_workers_running_total", "compozy_temporal_workers_configured_total",
        "jvm_memory_used_bytes", "jvm_memory_used_after_last_gc_bytes", "jvm_memory_limit_bytes");
  }

  @Test
  void ownMetricsPassPromtoolLint() {
    Promtool promtool = Promtool.require();
    String own = onlyFamilies(exposition, name -> name.startsWith("compozy_"));
    assertThat(own).contains("compozy_system_build_info", "compozy_temporal_workflow_duration_seconds_bucket",
        "compozy_dispatcher_active_total", "compozy_temporal_workers_running_total",
        "compozy_temporal_workers_configured_total");

    Result result = promtool.run(own.getBytes(StandardCharsets.UTF_8), "check", "metrics");

    assertThat(problems(result)).as(result.describe() + "\n--- input ---\n" + own).isEmpty();
    assertThat(result.exitCode()).as(result.describe() + "\n--- input ---\n" + own).isZero();
  }

  /**
   * Everything the library serves passes promtool, except five names that are not ours to change
   * because dashboards query them as they are: OpenTelemetry's semantic-convention JVM gauges and
   * its resource family, and one gauge of the Temporal SDK. Any other problem fails.
   */
  @Test
  void fullScrapeHasNoLintProblemsButUpstreamNames() {
    Promtool promtool = Promtool.require();
    String countSuffix = "non-histogram and non-summary metrics should not have \"_count\" suffix";

    Result result = promtool.run(exposition.getBytes(StandardCharsets.UTF_8), "check", "metrics");

    // exit code 1 is a parse error, 3 lint problems: the whole scrape must parse
    assertThat(result.exitCode()).as(result.describe()).isIn(0, LINT_PROBLEMS_EXIT_CODE);
    assertThat(result.stdout() + result.stderr()).as(result.describe()).doesNotContain("error while linting");
    assertThat(problems(result)).as(result.describe()).isEqualTo(Map.of(
        "jvm_class_count", List.of(countSuffix),
        "jvm_cpu_count", List.of(countSuffix),
        "jvm_thread_count", List.of(countSuffix),
        "temporal_workflow_active_thread_count", List.of(countSuffix),
        "target_info", List.of("no help text")));
  }

  /**
   * The export pipeline's own series (the batch processor's queue and drops, the exporter's counts
   * and durations) are the SDK's semantic-convention names: they parse, and lint but for units
   * promtool does not know ({@code _span} is OpenTelemetry's {@code {span}}).
   */
  @Test
  void exportPipelineSeriesParseAndLint() {
    Promtool promtool = Promtool.require();
    String pipeline;
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      MonitoringService tracing = MonitoringService.builder()
          .config(MonitoringConfig.builder().enabled(true).tracingEnabled(true).build())
          .otelProperties(Map.of("otel.exporter.otlp.endpoint", collector.endpoint(), "otel.bsp.schedule.delay", "20"))
          .build();
      try {
        tracing.tracer().spanBuilder("linted").startSpan().end();
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.text(tracing).contains("otel_sdk_exporter_span_exported_total{"));
        pipeline = onlyFamilies(Scrape.text(tracing), name -> name.startsWith("otel_sdk_"));
      } finally {
        tracing.shutdown();
      }
    }
    assertThat(Scrape.parse(pipeline).types("otel_sdk_").keySet()).containsExactlyInAnyOrder(
        "otel_sdk_processor_span_processed_span_total", "otel_sdk_processor_span_queue_size_span",
        "otel_sdk_processor_span_queue_capacity_span", "otel_sdk_exporter_span_exported_total",
        "otel_sdk_exporter_span_inflight", "otel_sdk_exporter_operation_duration_seconds");

    Result result = promtool.run(pipeline.getBytes(StandardCharsets.UTF_8), "check", "metrics");

    assertThat(result.exitCode()).as(result.describe() + "\n--- input ---\n" + pipeline).isIn(0, LINT_PROBLEMS_EXIT_CODE);
    assertThat(problems(result)).as(result.describe() + "\n--- input ---\n" + pipeline).isEmpty();
  }

  @Test
  void sdkAndLibraryFamiliesEachAppearOnce() {
    List<String> types = exposition.lines().filter(line -> line.startsWith("# TYPE ")).toList();
    assertThat(types).doesNotHaveDuplicates();
    assertThat(types).anyMatch(line -> line.startsWith("# TYPE temporal_request_total "))
        .anyMatch(line -> line.startsWith("# TYPE compozy_temporal_workflow_started_total "));
  }

  /** Whether the SDK's report of the runs has reached the registry: the families the tests check. */
  private static boolean sdkReported(String text) {
    List<String> lines = text.lines().toList();
    return Stream.of("temporal_workflow_completed_total{", "temporal_request_total{",
            "temporal_workflow_active_thread_count{")
        .allMatch(prefix -> lines.stream().anyMatch(line -> line.startsWith(prefix)));
  }

  /** promtool's lint lines, {@code metric_name problem}, by metric name. */
  private static Map<String, List<String>> problems(Result result) {
    Map<String, List<String>> problems = new TreeMap<>();
    (result.stdout() + "\n" + result.stderr()).lines().map(String::strip).filter(l -> !l.isEmpty())
        .forEach(line -> {
          int space = line.indexOf(' ');
          String name = space < 0 ? line : line.substring(0, space);
          String problem = space < 0 ? "" : line.substring(space + 1);
          problems.computeIfAbsent(name, k -> new ArrayList<>()).add(problem);
        });
    return problems;
  }

  /** The text-format scrape cut down to the families whose name {@code keep} accepts. */
  static String onlyFamilies(String text, Predicate<String> keep) {
    StringBuilder kept = new StringBuilder();
    String family = "";
    for (String line : text.lines().toList()) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        family = line.split(" ")[2];
      }
      if (keep.test(family)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  private static void runWorkflows(TemporalMetrics temporal) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setMetricsScope(temporal.sdkMetricsScope())
        .setWorkerFactoryOptions(temporal.addTo(WorkerFactoryOptions.newBuilder().build()))
        .build());
    try {
      Worker worker = env.newWorker(TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(LintFlowImpl.class);
      worker.registerActivitiesImplementations(new LintActivitiesImpl());
      temporal.setConfiguredWorkers(1);
      env.start();
      temporal.workerStarted();
      WorkflowClient client = env.getWorkflowClient();

      assertThat(newFlow(client, "ok").run(false)).isEqualTo("done");
      assertThatThrownBy(() -> newFlow(client, "fail").run(true)).isInstanceOf(WorkflowFailedException.class);
    } finally {
      env.close();
    }
  }

  private static LintFlow newFlow(WorkflowClient client, String id) {
    return client.newWorkflowStub(LintFlow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId("lint-" + id).build());
  }

  @WorkflowInterface
  public interface LintFlow {
    @WorkflowMethod
    String run(boolean fail);
  }

  @ActivityInterface
  public interface LintActivities {
    /** Fails its first attempt, so that both activity outcomes are recorded. */
    String work();
  }

  public static class LintFlowImpl implements LintFlow {
    private final LintActivities activities = Workflow.newActivityStub(LintActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(10))
                .setBackoffCoefficient(1)
                .setMaximumAttempts(3)
                .build())
            .build());

    @Override
    public String run(boolean fail) {
      activities.work();
      if (fail) {
        throw ApplicationFailure.newNonRetryableFailure("asked to fail", "LintFailure");
      }
      return "done";
    }
  }

  public static class LintActivitiesImpl implements LintActivities {
    @Override
    public String work() {
      if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        throw ApplicationFailure.newFailure("first attempt fails", "LintRetry");
      }
      return "worked";
    }
  }
}
