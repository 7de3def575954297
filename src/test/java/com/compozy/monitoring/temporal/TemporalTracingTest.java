package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.temporal.TestFlows.TestFlow;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Traces of real workflows on the in-process test server: the exact span tree from a request's
 * span through the run to every activity attempt, the same spans whatever the worker's cache and
 * across a worker restart, exemplars, and nothing at all without a tracer provider. The client has
 * its own service (an application's web tier); each worker has its own service too, as a separate
 * process would, and the trace is the union of what they export.
 */
@Timeout(60)
class TemporalTracingTest {
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");
  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("runId");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private static final InMemorySpanExporter clientSpans = InMemorySpanExporter.create();
  private static MonitoringService clientService;
  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;

  private final List<WorkerFactory> factories = new ArrayList<>();
  private final List<MonitoringService> services = new ArrayList<>();
  private final List<InMemorySpanExporter> exporters = new ArrayList<>();
  private String queue;

  @BeforeAll
  static void startServer() {
    clientService = traced(clientSpans, true);
    // real time: workflow time is what the run's span starts and ends with, and skipped time would
    // put it years away from the wall-clock times of the other spans
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(
            TemporalMetrics.of(clientService).addTo(WorkflowClientOptions.newBuilder()).build())
        .build());
    client = env.getWorkflowClient();
    env.start();
  }

  @AfterAll
  static void stopServer() {
    env.close();
    clientService.shutdown();
  }

  @BeforeEach
  void newQueue() throws Exception {
    queue = "tracing-" + UUID.randomUUID();
    clientSpans.reset();
    exporters.add(clientSpans);
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
  void oneTraceRunsFromTheRequestThroughTheRunToEveryActivityAttempt() throws Exception {
    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    Span request = requestSpan();
    String workflowId;
    try (Scope ignored = request.makeCurrent()) {
      TestFlow flow = newFlow();
      workflowId = WorkflowClient.start(flow::run, "activity,flaky").getWorkflowId();
    } finally {
      request.end();
    }
    assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(TestFlow.class, workflowId))
        .getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    List<SpanData> trace = awaitTrace(request, 9);
    assertThat(tree(trace)).isEqualTo("""
        POST /api/v1/workflows SERVER
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
              StartActivity:Flaky CLIENT
                RunActivity:Flaky SERVER error
                RunActivity:Flaky SERVER error
                RunActivity:Flaky SERVER
        """);
    // everything the services exported belongs to that one trace
    assertThat(allSpans()).hasSize(trace.size());

    SpanData run = named(trace, "RunWorkflow:TestFlow").get(0);
    String runId = run.getAttributes().get(RUN_ID);
    assertThat(runId).isEqualTo(client.fetchHistory(workflowId).getEvents().get(0)
        .getWorkflowExecutionStartedEventAttributes().getOriginalExecutionRunId());
    assertThat(run.getSpanId()).isEqualTo(TemporalTracing.runSpanId(runId));
    // the run starts when the server started it, before anything it scheduled
    assertThat(run.getStartEpochNanos()).isLessThanOrEqualTo(named(trace, "StartActivity:Echo").get(0).getStartEpochNanos());
    // and ends in workflow time: the start of its last workflow task, on the server's clock. The
    // attempts' spans run on the worker's clock, which in production is another host's; comparing
    // the two failed in CI (the run ended 12 ms "before" the last attempt began), so the order is
    // checked on the server's clock alone, with the history's events
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    HistoryEvent lastTask = events.stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .reduce((first, second) -> second).orElseThrow();
    HistoryEvent lastAttempt = events.stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .reduce((first, second) -> second).orElseThrow();
    assertThat(lastAttempt.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(3);
    assertThat(run.getEndEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(millis(lastTask)))
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(millis(lastAttempt)));
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> attempts = named(trace, "RunActivity:Flaky");
    assertThat(attempts).extracting(span -> span.getAttributes().get(ATTEMPT)).containsExactly(1L, 2L, 3L);
    for (SpanData failed : attempts.subList(0, 2)) {
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getEvents()).singleElement().satisfies(event -> {
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo("io.temporal.failure.ApplicationFailure");
      });
    }
    assertThat(attempts.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attempts.get(2).getEvents()).isEmpty();
  }

  @Test
  void localActivitiesChildWorkflowsAndSignalsJoinTheTrace() throws Exception {
    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    Span request = requestSpan();
    TestFlow flow = newFlow();
    try (Scope ignored = request.makeCurrent()) {
      // the signal comes with the run's first task: handled before the workflow method starts
      WorkflowStub.fromTyped(flow).signalWithStart("proceed", new Object[0], new Object[] {"local,await,child"});
    } finally {
      request.end();
    }
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    List<SpanData> trace = awaitTrace(request, 10);
    // The in-process test server drops a signal's header (it builds the signaled event without it),
    // so the handler hangs from the run it was delivered to, as for a signal from an untraced
    // sender; with a real server it is a child of the sender's span, linked to the run.
    assertThat(tree(trace)).isEqualTo("""
        POST /api/v1/workflows SERVER
          SignalWithStartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
              HandleSignal:proceed SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
              StartChildWorkflow:TestFlow CLIENT
                RunWorkflow:TestFlow SERVER
                  StartActivity:Echo CLIENT
                    RunActivity:Echo SERVER
        """);
    assertThat(allSpans()).hasSize(trace.size());
    SpanData local = named(trace, "RunActivity:Echo").stream()
        .filter(span -> Boolean.TRUE.equals(span.getAttributes().get(TemporalTracing.LOCAL))).findFirst().orElseThrow();
    assertThat(byId(trace).get(local.getParentSpanId()).getAttributes().get(TemporalTracing.LOCAL)).isTrue();
    SpanData handled = named(trace, "HandleSignal:proceed").get(0);
    assertThat(handled.getParentSpanId())
        .isEqualTo(TemporalTracing.runSpanId(WorkflowStub.fromTyped(flow).getExecution().getRunId()));
  }

  @Test
  void aFailedRunIsAnErrorAndAContinuedRunIsAChildOfTheRunBefore() throws Exception {
    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    Span request = requestSpan();
    TestFlow failing = newFlow();
    TestFlow continuing = newFlow();
    try (Scope ignored = request.makeCurrent()) {
      WorkflowClient.start(failing::run, "activity,fail");
      WorkflowClient.start(continuing::run, "continue,activity");
    } finally {
      request.end();
    }
    assertThatThrownBy(() -> WorkflowStub.fromTyped(failing).getResult(20, TimeUnit.SECONDS, String.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(WorkflowStub.fromTyped(continuing).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    List<SpanData> trace = awaitTrace(request, 10);
    assertThat(tree(trace)).isEqualTo("""
        POST /api/v1/workflows SERVER
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER error
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
              RunWorkflow:TestFlow SERVER
                StartActivity:Echo CLIENT
                  RunActivity:Echo SERVER
        """);
    SpanData failed = trace.stream()
        .filter(span -> span.getStatus().getStatusCode() == StatusCode.ERROR).findFirst().orElseThrow();
    assertThat(failed.getEvents()).singleElement()
        .satisfies(event -> assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo(
            "io.temporal.failure.ApplicationFailure"));
    assertThat(allSpans()).hasSize(trace.size());
  }

  @Test
  void aWorkerWithoutACacheRecordsExactlyTheSameSpansAndQueriesRecordNone() throws Exception {
    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    String cached = tracedRun("activity,await,activity,flaky", 13);
    int cachedSpans = allSpans().size();

    queue = "tracing-nocache-" + UUID.randomUUID();
    // every task replays the history from the start
    startWorker(WorkerFactoryOptions.getDefaultInstance(), TestFlows.withoutStickyExecution());
    String uncached = tracedRun("activity,await,activity,flaky", 13);

    assertThat(uncached).isEqualTo(cached).isEqualTo("""
        POST /api/v1/workflows SERVER
          SignalWorkflow:proceed CLIENT
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
              HandleSignal:proceed SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
              StartActivity:Flaky CLIENT
                RunActivity:Flaky SERVER error
                RunActivity:Flaky SERVER error
                RunActivity:Flaky SERVER
        """);
    // the 13 of each trace and the two queries of each run, nothing else
    assertThat(cachedSpans).isEqualTo(13 + 2);
    assertThat(allSpans()).hasSize(2 * (13 + 2));
  }

  @Test
  void aRunMovedToAnotherWorkerIsOneTraceWithOneRunSpan() throws Exception {
    // As in TemporalWorkflowMetricsTest: without sticky execution on the first worker, the test
    // server hands the run's next task to the task queue, where the second worker polls.
    startWorker(WorkerFactoryOptions.newBuilder().build(), TestFlows.withoutStickyExecution());
    WorkerFactory first = factories.get(factories.size() - 1);
    InMemorySpanExporter firstSpans = exporters.get(exporters.size() - 1);
    Span request = requestSpan();
    TestFlow flow = newFlow();
    String workflowId;
    try (Scope ignored = request.makeCurrent()) {
      workflowId = WorkflowClient.start(flow::run, "activity,await,activity").getWorkflowId();
    } finally {
      request.end();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      List<EventType> events = eventTypes(workflowId);
      return events.contains(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
          && events.get(events.size() - 1) == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
    });
    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).isTrue();

    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    InMemorySpanExporter secondSpans = exporters.get(exporters.size() - 1);
    flow.proceed(); // outside the request: a trace of its own
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    List<SpanData> trace = awaitTrace(request, 8);
    assertThat(tree(trace)).isEqualTo("""
        POST /api/v1/workflows SERVER
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
              HandleSignal:proceed SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
              StartActivity:Echo CLIENT
                RunActivity:Echo SERVER
        """);
    // the first worker scheduled and ran the first activity, the second the rest and the run's end
    assertThat(names(firstSpans)).containsExactlyInAnyOrder("StartActivity:Echo", "RunActivity:Echo");
    assertThat(names(secondSpans)).containsExactlyInAnyOrder(
        "StartActivity:Echo", "RunActivity:Echo", "RunWorkflow:TestFlow", "HandleSignal:proceed");
    // and the signal's client span, a trace of its own
    assertThat(allSpans()).hasSize(trace.size() + 1);
  }

  @Test
  void durationsCarryTheirSpansAsExemplars() throws Exception {
    MonitoringService worker = startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    Span request = requestSpan();
    TestFlow flow = newFlow();
    try (Scope ignored = request.makeCurrent()) {
      WorkflowClient.start(flow::run, "activity");
    } finally {
      request.end();
    }
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");
    List<SpanData> trace = awaitTrace(request, 5);

    String openMetrics = Scrape.openMetrics(worker);
    SpanData run = named(trace, "RunWorkflow:TestFlow").get(0);
    SpanData attempt = named(trace, "RunActivity:Echo").get(0);
    assertThat(exemplars(openMetrics, "compozy_temporal_workflow_duration_seconds_bucket"))
        .containsExactly(run.getTraceId() + "/" + run.getSpanId());
    assertThat(exemplars(openMetrics, "compozy_temporal_activity_duration_seconds_bucket"))
        .containsExactly(attempt.getTraceId() + "/" + attempt.getSpanId());
    assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
  }

  @Test
  void withoutATracerProviderNothingIsTracedAndNoHeaderIsWritten() throws Exception {
    MonitoringService metricsOnly = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    services.add(metricsOnly);
    TemporalMetrics temporal = TemporalMetrics.of(metricsOnly);
    WorkflowClientOptions.Builder options = WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace());
    // the client interceptor is there for the metrics (runs the server ends) and writes no header
    assertThat(temporal.addTo(options)).isSameAs(options);
    assertThat(options.build().getInterceptors()).containsExactly(temporal.clientInterceptor());
    WorkflowClient untraced = WorkflowClient.newInstance(env.getWorkflowServiceStubs(), options.build());
    factories.add(TestFlows.startWorker(untraced, queue, metricsOnly, WorkerFactoryOptions.newBuilder().build(),
        WorkerOptions.getDefaultInstance()));

    TestFlow flow = untraced.newWorkflowStub(TestFlow.class,
        WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId("untraced-" + UUID.randomUUID()).build());
    assertThat(flow.run("activity,local")).isEqualTo("done");

    List<HistoryEvent> events = untraced.fetchHistory(WorkflowStub.fromTyped(flow).getExecution().getWorkflowId()).getEvents();
    assertThat(events.get(0).getWorkflowExecutionStartedEventAttributes().getHeader().getFieldsMap()).isEmpty();
    HistoryEvent scheduled = events.stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).findFirst().orElseThrow();
    assertThat(scheduled.getActivityTaskScheduledEventAttributes().getHeader().getFieldsMap()).isEmpty();
    assertThat(clientSpans.getFinishedSpanItems()).isEmpty();
    // and the metrics still count
    assertThat(Scrape.of(metricsOnly).value("compozy_temporal_workflow_completed_total",
        "workflow_type", "TestFlow", "task_queue", queue)).isEqualTo(1);
  }

  @Test
  void aTracedRunWritesItsContextInTheStartAndActivityHeaders() throws Exception {
    startWorker(WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
    TestFlow flow = newFlow();
    assertThat(flow.run("activity")).isEqualTo("done");

    List<HistoryEvent> events = client.fetchHistory(WorkflowStub.fromTyped(flow).getExecution().getWorkflowId()).getEvents();
    assertThat(events.get(0).getWorkflowExecutionStartedEventAttributes().getHeader().getFieldsMap())
        .containsOnlyKeys(TracingHeaders.KEY);
    HistoryEvent scheduled = events.stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).findFirst().orElseThrow();
    String header = scheduled.getActivityTaskScheduledEventAttributes().getHeader().getFieldsMap()
        .get(TracingHeaders.KEY).getData().toStringUtf8();
    // the JSON map Temporal's other SDKs write, with the StartActivity span as the W3C parent
    SpanData start = named(allSpans(), "StartActivity:Echo").get(0);
    assertThat(header).isEqualTo("{\"traceparent\":\"00-" + start.getTraceId() + "-" + start.getSpanId() + "-01\"}");
  }

  @Test
  void aProviderWithItsOwnIdsStillExportsEverySpanOnce() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    MonitoringService worker = MonitoringService.builder().config(MonitoringConfig.builder().enabled(true).build())
        .tracerProvider(provider(spans, false).build())
        .propagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    services.add(worker);
    exporters.add(spans);
    try (LogCapture log = LogCapture.of(TemporalTracing.class)) {
      startWorker(worker);
      assertThat(log.at(Level.WARNING)).singleElement()
          .satisfies(record -> assertThat(record.getMessage()).contains("WorkflowSpanIds.idGenerator()"));
    }
    Span request = requestSpan();
    TestFlow flow = newFlow();
    try (Scope ignored = request.makeCurrent()) {
      WorkflowClient.start(flow::run, "activity");
    } finally {
      request.end();
    }
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");

    // StartActivity hangs from the client's span: the run's span id could not be chosen
    assertThat(tree(awaitTrace(request, 5))).isEqualTo("""
        POST /api/v1/workflows SERVER
          StartWorkflow:TestFlow CLIENT
            RunWorkflow:TestFlow SERVER
            StartActivity:Echo CLIENT
              RunActivity:Echo SERVER
        """);
  }

  /**
   * Runs {@code plan} (one {@code await}) from a request span, signalled in it, then queries the
   * closed run twice; the request's trace as a tree.
   */
  private String tracedRun(String plan, int spans) throws Exception {
    Span request = requestSpan();
    TestFlow flow = newFlow();
    try (Scope ignored = request.makeCurrent()) {
      WorkflowClient.start(flow::run, plan);
      flow.proceed();
    } finally {
      request.end();
    }
    assertThat(WorkflowStub.fromTyped(flow).getResult(20, TimeUnit.SECONDS, String.class)).isEqualTo("done");
    String tree = tree(awaitTrace(request, spans));
    // a query on the closed run replays its whole history on the worker: no span but the client's
    List<SpanData> before = allSpans();
    assertThat(flow.signals()).isEqualTo(1);
    assertThat(flow.signals()).isEqualTo(1);
    List<SpanData> added = new ArrayList<>(allSpans());
    added.removeAll(before);
    assertThat(added).extracting(SpanData::getName).containsExactly("QueryWorkflow:signals", "QueryWorkflow:signals");
    return tree;
  }

  private static MonitoringService traced(InMemorySpanExporter spans, boolean workflowSpanIds) {
    return MonitoringService.builder().config(MonitoringConfig.builder().enabled(true).build())
        .tracerProvider(provider(spans, workflowSpanIds).build())
        .propagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  private static SdkTracerProviderBuilder provider(InMemorySpanExporter spans, boolean workflowSpanIds) {
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans));
    return workflowSpanIds ? builder.setIdGenerator(WorkflowSpanIds.idGenerator()) : builder;
  }

  private MonitoringService startWorker(WorkerFactoryOptions options, WorkerOptions workerOptions) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    MonitoringService service = traced(spans, true);
    services.add(service);
    exporters.add(spans);
    startWorker(service, options, workerOptions);
    return service;
  }

  private void startWorker(MonitoringService service) {
    startWorker(service, WorkerFactoryOptions.newBuilder().build(), WorkerOptions.getDefaultInstance());
  }

  private WorkerFactory startWorker(MonitoringService service, WorkerFactoryOptions options,
      WorkerOptions workerOptions) {
    WorkerFactory factory = TestFlows.startWorker(client, queue, service, options, workerOptions);
    factories.add(factory);
    return factory;
  }

  private TestFlow newFlow() {
    return TestFlows.newFlow(client, queue);
  }

  /** The span of the application's request handler that starts the workflow. */
  private static Span requestSpan() {
    return clientService.tracer().spanBuilder("POST /api/v1/workflows").setSpanKind(SpanKind.SERVER).startSpan();
  }

  private List<SpanData> allSpans() {
    return exporters.stream().flatMap(exporter -> exporter.getFinishedSpanItems().stream()).toList();
  }

  /** The spans of {@code root}'s trace, once there are {@code expected} of them. */
  private List<SpanData> awaitTrace(Span root, int expected) {
    String traceId = root.getSpanContext().getTraceId();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> allSpans().stream().filter(span -> span.getTraceId().equals(traceId)).count() >= expected);
    List<SpanData> trace = allSpans().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    assertThat(trace).hasSize(expected);
    return trace;
  }

  /**
   * The trace as an indented tree of "name kind [error]", children by name then start time; fails
   * if a span's parent is missing, so every parent link is checked.
   */
  private static String tree(List<SpanData> trace) {
    Map<String, SpanData> byId = byId(trace);
    List<SpanData> roots = trace.stream().filter(span -> !SpanId.isValid(span.getParentSpanId())).toList();
    assertThat(roots).hasSize(1);
    for (SpanData span : trace) {
      if (span != roots.get(0)) {
        assertThat(byId).as("parent of " + span.getName()).containsKey(span.getParentSpanId());
      }
    }
    Map<String, List<SpanData>> children = trace.stream().filter(span -> SpanId.isValid(span.getParentSpanId()))
        .collect(Collectors.groupingBy(SpanData::getParentSpanId));
    StringBuilder text = new StringBuilder();
    render(roots.get(0), children, "", text);
    return text.toString();
  }

  private static void render(SpanData span, Map<String, List<SpanData>> children, String indent, StringBuilder text) {
    text.append(indent).append(span.getName()).append(' ').append(span.getKind())
        .append(span.getStatus().getStatusCode() == StatusCode.ERROR ? " error" : "").append('\n');
    children.getOrDefault(span.getSpanId(), List.of()).stream()
        .sorted(Comparator.comparing(SpanData::getName).thenComparing(SpanData::getStartEpochNanos))
        .forEach(child -> render(child, children, indent + "  ", text));
  }

  private static Map<String, SpanData> byId(List<SpanData> spans) {
    return spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(span -> span.getName().equals(name))
        .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).toList();
  }

  private static List<String> names(InMemorySpanExporter exporter) {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private static long latestEnd(List<SpanData> spans) {
    return spans.stream().mapToLong(SpanData::getEndEpochNanos).max().orElseThrow();
  }

  /** "trace/span" of every exemplar on {@code series} lines of an OpenMetrics exposition. */
  private static List<String> exemplars(String openMetrics, String series) {
    Pattern exemplar = Pattern.compile("# \\{(?=.*span_id=\"([0-9a-f]{16})\")(?=.*trace_id=\"([0-9a-f]{32})\")[^}]*}");
    List<String> found = new ArrayList<>();
    for (String line : openMetrics.split("\n")) {
      if (line.startsWith(series + "{")) {
        Matcher matcher = exemplar.matcher(line);
        if (matcher.find()) {
          found.add(matcher.group(2) + "/" + matcher.group(1));
        }
      }
    }
    return found;
  }

  private List<EventType> eventTypes(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream().map(HistoryEvent::getEventType).toList();
  }

  private static long millis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }
}
