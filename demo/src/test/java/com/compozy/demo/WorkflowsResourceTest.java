package com.compozy.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedMetrics;
import com.compozy.monitoring.testing.temporal.MonitoredTestWorkflowEnvironment;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's business metrics, for orders run on Temporal's test server instead of the embedded one. */
@ExtendWith(MonitoringExtension.class)
@Timeout(60)
class WorkflowsResourceTest {
  private TestWorkflowEnvironment env;
  private WorkflowsResource workflows;

  @BeforeEach
  void startWorker(MonitoringService monitoring) {
    env = MonitoredTestWorkflowEnvironment.newInstance(monitoring);
    OrderMemory memory = new OrderMemory();
    Worker worker = env.newWorker(TemporalRuntime.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
    worker.registerActivitiesImplementations(new OrderActivitiesImpl(memory));
    env.start();

    // what CDI injects in the application: the test's meter, and workflows started on the test server
    workflows = new WorkflowsResource();
    workflows.meter = monitoring.meter();
    workflows.memory = memory;
    workflows.temporal = new TemporalRuntime() {
      @Override
      OrderWorkflow newOrderWorkflow(String orderId) {
        return env.getWorkflowClient().newWorkflowStub(OrderWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(TASK_QUEUE).setWorkflowId("order-" + orderId).build());
      }

      @Override
      String namespace() {
        return env.getNamespace();
      }
    };
    workflows.createMetrics();
  }

  @AfterEach
  void stopWorker() {
    env.close();
  }

  @Test
  void ordersAreCountedByOutcome(RecordedMetrics metrics) {
    assertEquals(202, workflows.start(false).getStatus());
    assertEquals(202, workflows.start(false).getStatus());
    assertEquals(202, workflows.start(true).getStatus());

    // the resource records when each workflow ends, after it answered
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertEquals(2, metrics.counter("workflows_processed_total", "type", "order_processing", "status", "completed"));
      assertEquals(1, metrics.counter("workflows_processed_total", "type", "order_processing", "status", "failed"));
      assertEquals(1, metrics.counter("workflow_errors_total", "type", "order_processing"));
      assertEquals(3, metrics.histogram("task_execution_duration_seconds", "type", "order_processing").count());
    });

    // and the library's Temporal metrics saw the same runs, and every attempt of the flaky payment
    String[] order = {"workflow_type", "OrderWorkflow", "task_queue", TemporalRuntime.TASK_QUEUE};
    assertEquals(3, metrics.counter("compozy_temporal_workflow_started_total", order));
    assertEquals(2, metrics.counter("compozy_temporal_workflow_completed_total", order));
    String[] charge = {"activity_type", "Charge", "workflow_type", "OrderWorkflow",
        "task_queue", TemporalRuntime.TASK_QUEUE};
    // completed orders: attempt 1 fails, attempt 2 succeeds; the failing order fails all 3 attempts
    assertEquals(2 * 2 + 3, metrics.counter("compozy_temporal_activity_started_total", charge));
    assertEquals(2, metrics.counter("compozy_temporal_activity_completed_total", charge));
  }
}
