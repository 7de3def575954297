package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedHistogram;
import com.compozy.monitoring.testing.RecordedMetrics;
import com.compozy.monitoring.temporal.TemporalMetrics;
import com.compozy.monitoring.testing.temporal.MonitoredTestWorkflowEnvironment;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user's own workflow on Temporal's test server, counted by the library's interceptor. */
@ExtendWith(MonitoringExtension.class)
@Timeout(60)
class WorkflowMetricsTest {
  static final String QUEUE = "shipping";

  @WorkflowInterface
  public interface ShipOrder {
    @WorkflowMethod
    String ship(String orderId);
  }

  @ActivityInterface
  public interface Carrier {
    String book(String orderId);
  }

  public static class ShipOrderImpl implements ShipOrder {
    private final Carrier carrier = Workflow.newActivityStub(Carrier.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());

    @Override
    public String ship(String orderId) {
      Workflow.sleep(Duration.ofMinutes(5)); // skipped by the test server
      return carrier.book(orderId);
    }
  }

  public static class CarrierImpl implements Carrier {
    @Override
    public String book(String orderId) {
      if (orderId.startsWith("bad")) {
        throw ApplicationFailure.newNonRetryableFailure("no carrier for " + orderId, "NoCarrier");
      }
      return "booked " + orderId;
    }
  }

  @Test
  void workflowsAreCountedExactly(MonitoringService monitoring, RecordedMetrics metrics) {
    try (TestWorkflowEnvironment env = MonitoredTestWorkflowEnvironment.newInstance(monitoring)) {
      Worker worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(ShipOrderImpl.class);
      worker.registerActivitiesImplementations(new CarrierImpl());
      env.start();

      assertEquals("booked o-1", newWorkflow(env, "o-1").ship("o-1"));
      assertEquals("booked o-2", newWorkflow(env, "o-2").ship("o-2"));
      assertThrows(WorkflowFailedException.class, () -> newWorkflow(env, "bad-3").ship("bad-3"));

      String[] workflow = {"workflow_type", "ShipOrder", "task_queue", QUEUE};
      assertEquals(3, metrics.counter("compozy_temporal_workflow_started_total", workflow));
      assertEquals(2, metrics.counter("compozy_temporal_workflow_completed_total", workflow));
      assertEquals(1, metrics.counter("compozy_temporal_workflow_failed_total",
          "workflow_type", "ShipOrder", "task_queue", QUEUE, "result", "failed"));
      // in workflow time: the five-minute timer counts although the test server skipped it
      RecordedHistogram durations = metrics.histogram("compozy_temporal_workflow_duration_seconds",
          "workflow_type", "ShipOrder", "task_queue", QUEUE, "result", "completed");
      assertEquals(2, durations.count());
      assertTrue(durations.sum() >= 600, "two runs of at least 300 s each: " + durations);

      String[] activity = {"activity_type", "Book", "workflow_type", "ShipOrder", "task_queue", QUEUE};
      assertEquals(3, metrics.counter("compozy_temporal_activity_started_total", activity));
      assertEquals(2, metrics.counter("compozy_temporal_activity_completed_total", activity));
      assertEquals(1, metrics.counter("compozy_temporal_activity_failed_total",
          "activity_type", "Book", "workflow_type", "ShipOrder", "task_queue", QUEUE, "result", "failed"));
    }
  }

  @Test
  void workerGaugesServedByTheRegistryAreReadToo(MonitoringService monitoring, RecordedMetrics metrics) {
    TemporalMetrics temporal = TemporalMetrics.of(monitoring);
    temporal.setConfiguredWorkers(2);
    temporal.workerStarted();

    assertEquals(2, metrics.gauge("compozy_temporal_workers_configured_total"));
    assertEquals(1, metrics.gauge("compozy_temporal_workers_running_total"));
    AssertionError error = assertThrows(AssertionError.class,
        () -> metrics.gauge("compozy_temporal_workers_running_total", "task_queue", QUEUE));
    assertEquals("Gauge 'compozy_temporal_workers_running_total' has no series {task_queue=shipping}. "
        + "Its series: {}=1.0", error.getMessage());
  }

  private static ShipOrder newWorkflow(TestWorkflowEnvironment env, String orderId) {
    return env.getWorkflowClient().newWorkflowStub(ShipOrder.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("ship-" + orderId).build());
  }
}
