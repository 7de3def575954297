package com.compozy.monitoring.temporal;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import com.uber.m3.tally.NoopScope;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.Collections;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Temporal SDK's own metrics add, reported to the library's endpoint ({@code on}) or to
 * the SDK's no-op scope ({@code off}). At setup a real worker on the in-process test server runs
 * {@value #RUNS} workflows of {@value #ACTIVITIES} activities each, one after another, with the
 * library's interceptor, while a {@link RecordingScope} writes down every value the SDK records
 * during the last {@value #RECORDED_RUNS} runs (activity tasks, the workflow tasks between them,
 * polls, slots), with the scopes it derived and the metrics it looked up on the way.
 * {@code perActivity} replays those calls in order against the scope they went to, divided by the
 * activities they served: the SDK's metrics cost per activity in a sequential workflow, its
 * reporter thread's once-a-second work aside; {@code scrape} renders the library's registry after the workload, with the
 * SDK's series or without them. An end-to-end activity on the test server costs 1.5 to 5 ms with
 * more spread than the SDK's share, which is why it is not the measure.
 *
 * <p>{@code mvn -Pbench test-compile exec:exec -Dbench=SdkMetricsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SdkMetricsBenchmark {
  static final int ACTIVITIES = 50;
  static final int RUNS = 24;
  static final int RECORDED_RUNS = 4;
  private static final String PLAN = String.join(",", Collections.nCopies(ACTIVITIES, "activity"));
  private static final String QUEUE = "bench";

  @Param({"off", "on"})
  public String sdkMetrics;

  private MonitoringService monitoring;
  private Runnable replay;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    monitoring = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    com.uber.m3.tally.Scope target =
        sdkMetrics.equals("on") ? TemporalMetrics.of(monitoring).sdkMetricsScope() : new NoopScope();
    RecordingScope scope = new RecordingScope(target);
    RecordingScope.Recorder recorder = scope.recorder;
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).setMetricsScope(scope).build());
    WorkflowClient client = env.getWorkflowClient();
    WorkerFactory factory = TestFlows.startWorker(client, QUEUE, monitoring,
        WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    for (int i = 0; i < RUNS; i++) {
      recorder.recording.set(i >= RUNS - RECORDED_RUNS);
      TestFlows.newFlow(client, QUEUE).run(PLAN);
    }
    recorder.recording.set(false);
    replay = recorder.replay(target);
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    env.close();
    Thread.sleep(1_500); // the SDK reports what it buffered every second

    int activities = RECORDED_RUNS * ACTIVITIES;
    String text = Scrape.text(monitoring);
    System.out.printf("%nsdkMetrics=%s: events per activity %s%n", sdkMetrics, recorder.eventsByKind().entrySet()
        .stream().map(e -> e.getKey() + "=" + String.format("%.1f", e.getValue() / (double) activities)).toList());
    System.out.printf("%nsdkMetrics=%s: the SDK recorded %.1f values per activity %s; a scrape has %d sample lines,"
            + " %d of them temporal_*%n", sdkMetrics, recorder.values() / (double) activities,
        new TreeMap<>(recorder.valuesByKind()).entrySet().stream()
            .map(e -> e.getKey().name().toLowerCase() + "=" + String.format("%.1f", e.getValue() / (double) activities))
            .toList(),
        text.lines().filter(line -> !line.startsWith("#")).count(),
        text.lines().filter(line -> line.startsWith("temporal_")).count());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitoring.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDED_RUNS * ACTIVITIES)
  public void perActivity() {
    replay.run();
  }

  @Benchmark
  public String scrape() {
    return Scrape.text(monitoring);
  }
}
