package com.compozy.demo;

import com.compozy.monitoring.temporal.TemporalMetrics;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  /**
   * Where orders' results are awaited. Not the SDK's asynchronous result ({@code WorkflowClient.execute}):
   * its long poll runs on a static thread of the SDK (GenericWorkflowClientImpl, 1.38) that nothing
   * can stop, so it would outlive the WAR and keep its class loader.
   */
  private final ThreadPoolExecutor results = resultWaiters();

  @PostConstruct
  void start() {
    // Real time, not the test server's time skipping: a server that skips ahead while a worker holds
    // a workflow task times that task out (its 10 s limit passes in no time), so under load runs
    // loop on WORKFLOW_TASK_TIMED_OUT, never close, and their result futures never complete.
    server = TestServer.createPortBoundServer(port, true);
    // the SDK's own client and worker metrics (temporal_*) at the library's endpoint
    stubs = WorkflowServiceStubs.newServiceStubs(temporalMetrics.addTo(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + port)) // a channel the stubs own, so their shutdown ends its threads
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
    results.shutdownNow();
    try {
      results.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the rest still runs: shutting down is all that is left
    }
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    temporalMetrics.workerStopped();
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static ThreadPoolExecutor resultWaiters() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, "demo-order-results-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Starts an order on the caller's thread (a traced request's context goes into the workflow's
   * headers) and completes with its result.
   */
  CompletableFuture<String> process(OrderWorkflow workflow, String orderId, boolean failPayment) {
    WorkflowClient.start(workflow::process, orderId, failPayment);
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    return CompletableFuture.supplyAsync(() -> stub.getResult(String.class), results);
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
