package com.compozy.monitoring.testing.temporal;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.temporal.TemporalMetrics;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.Objects;

/**
 * A Temporal {@link TestWorkflowEnvironment} (the SDK's in-process test server) whose workers record
 * into a {@link MonitoringService}, through the same interceptor as production
 * ({@link TemporalMetrics#addTo}).
 *
 * <pre>{@code
 * try (TestWorkflowEnvironment env = MonitoredTestWorkflowEnvironment.newInstance(monitoring)) {
 *   Worker worker = env.newWorker("orders");
 *   worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
 *   env.start();
 *   ...run a workflow...
 *   assertEquals(1, metrics.counter("compozy_temporal_workflow_completed_total",
 *       "workflow_type", "OrderWorkflow", "task_queue", "orders"));
 * }
 * }</pre>
 *
 * <p>Needs {@code io.temporal:temporal-testing} on the test class path; this artifact does not bring
 * it. The environment is the test's to close.
 */
public final class MonitoredTestWorkflowEnvironment {
  private MonitoredTestWorkflowEnvironment() {}

  /** A default test environment (time skipping) instrumented with {@code monitoring}. */
  public static TestWorkflowEnvironment newInstance(MonitoringService monitoring) {
    return newInstance(monitoring, TestEnvironmentOptions.getDefaultInstance());
  }

  /** A test environment of {@code options}, keeping their worker interceptors, instrumented with {@code monitoring}. */
  public static TestWorkflowEnvironment newInstance(MonitoringService monitoring, TestEnvironmentOptions options) {
    Objects.requireNonNull(monitoring, "monitoring");
    WorkerFactoryOptions factory = options.getWorkerFactoryOptions() != null
        ? options.getWorkerFactoryOptions() : WorkerFactoryOptions.getDefaultInstance();
    return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder(options)
        .setWorkerFactoryOptions(TemporalMetrics.of(monitoring).addTo(factory))
        .build());
  }
}
