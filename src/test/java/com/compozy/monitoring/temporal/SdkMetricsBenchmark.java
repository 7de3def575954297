package com.compozy.monitoring.temporal;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.lang.management.ManagementFactory;
import java.util.Collections;
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
 * What the Temporal SDK's own metrics add, with the SDK reporting to the library's endpoint
 * ({@code on}) or to its no-op scope ({@code off}); the library's interceptor runs in both.
 * {@code activity}: a real worker on the in-process test server (real time, no skipping) runs one
 * workflow of {@value #ACTIVITIES} activities per invocation; the score is per activity, and the
 * process CPU time per activity, which wall time misses for the SDK's reporter thread, is printed
 * after each iteration ({@code cpu/activity}). {@code scrape}: the library's registry in the
 * Prometheus text format after {@value #WARM_UP_RUNS} such workflows, with the SDK's series or
 * without them (sample lines printed at setup).
 *
 * <p>{@code mvn -Pbench test-compile exec:exec -Dbench=SdkMetricsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SdkMetricsBenchmark {
  static final int ACTIVITIES = 50;
  static final int WARM_UP_RUNS = 20;
  private static final String PLAN = String.join(",", Collections.nCopies(ACTIVITIES, "activity"));
  private static final String QUEUE = "bench";

  @Param({"off", "on"})
  public String sdkMetrics;

  private MonitoringService monitoring;
  private TestWorkflowEnvironment env;
  private WorkerFactory factory;
  private WorkflowClient client;
  private long activities;
  private long cpuAtStart;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    monitoring = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    TemporalMetrics temporal = TemporalMetrics.of(monitoring);
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    if (sdkMetrics.equals("on")) {
      options.setMetricsScope(temporal.sdkMetricsScope());
    }
    env = TestWorkflowEnvironment.newInstance(options.build());
    client = env.getWorkflowClient();
    factory = TestFlows.startWorker(client, QUEUE, monitoring, WorkerFactoryOptions.newBuilder().build(),
        WorkerOptions.getDefaultInstance());
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      TestFlows.newFlow(client, QUEUE).run(PLAN);
    }
    Thread.sleep(1_500); // the SDK reports what it buffered every second
    String text = Scrape.text(monitoring);
    System.out.printf("%nsdkMetrics=%s: a scrape has %d sample lines, %d of them temporal_*%n", sdkMetrics,
        text.lines().filter(line -> !line.startsWith("#")).count(),
        text.lines().filter(line -> line.startsWith("temporal_")).count());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    env.close();
    monitoring.shutdown();
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    activities = 0;
    cpuAtStart = processCpuNanos();
  }

  @TearDown(Level.Iteration)
  public void printCpu() {
    if (activities > 0) {
      System.out.printf(" [cpu/activity %.1f us]", (processCpuNanos() - cpuAtStart) / 1e3 / activities);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ACTIVITIES)
  public String activity() {
    activities += ACTIVITIES;
    return TestFlows.newFlow(client, QUEUE).run(PLAN);
  }

  @Benchmark
  public String scrape() {
    return Scrape.text(monitoring);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
