package com.compozy.demo;

import com.compozy.monitoring.temporal.TemporalMetrics;
import io.grpc.ManagedChannelBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An embedded Temporal server on loopback and one worker on it, instrumented with the library's
 * interceptor: the demo needs no external service.
 */
@ApplicationScoped
public class TemporalRuntime {
  static final String TASK_QUEUE = "orders";
  private static final Logger LOG = Logger.getLogger(TemporalRuntime.class.getName());

  @Inject TemporalMetrics temporalMetrics;
  @Inject OrderMemory memory;

  @Inject
  @ConfigProperty(name = "demo.temporal.port", defaultValue = "7233")
  int port;

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkerFactory factory;
  private WorkflowClient client;

  @PostConstruct
  void start() {
    // Real time, not the test server's time skipping: a server that skips ahead while a worker holds
    // a workflow task times that task out (its 10 s limit passes in no time), so under load runs
    // loop on WORKFLOW_TASK_TIMED_OUT, never close, and their result futures never complete.
    server = TestServer.createPortBoundServer(port, true);
    // the SDK's own client and worker metrics (temporal_*) at the library's endpoint
    stubs = WorkflowServiceStubs.newServiceStubs(temporalMetrics.addTo(WorkflowServiceStubsOptions.newBuilder()
        .setChannel(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build()))
        .build());
    // with tracing on, starts carry the request's trace into the workflow and its activities
    client = WorkflowClient.newInstance(stubs, temporalMetrics.addTo(WorkflowClientOptions.newBuilder()).build());
    factory = WorkerFactory.newInstance(client, temporalMetrics.addTo(WorkerFactoryOptions.newBuilder().build()));
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
    worker.registerActivitiesImplementations(new OrderActivitiesImpl(memory));
    temporalMetrics.setConfiguredWorkers(1);
    factory.start();
    temporalMetrics.workerStarted();
    LOG.info("Embedded Temporal server on 127.0.0.1:" + port + ", worker on task queue " + TASK_QUEUE);
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // created with the application, not at the first request
  }

  @PreDestroy
  void stop() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    temporalMetrics.workerStopped();
    stubs.shutdown();
    server.close();
  }

  /** The Temporal namespace orders run in: the project of their memory. */
  String namespace() {
    return client.getOptions().getNamespace();
  }

  OrderWorkflow newOrderWorkflow(String orderId) {
    return client.newWorkflowStub(OrderWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowId("order-" + orderId)
        .build());
  }
}
