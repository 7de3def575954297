package com.compozy.monitoring.temporal;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityExecutionContextBase;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityInput;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The interceptor's own cost per activity attempt: what the worker does per execution (wrap the
 * next interceptor, init it with the context, execute) around an activity that does nothing,
 * against the same calls with no interceptor and with the pass-through of a disabled service; and
 * with tracing on: the attempt's header carrying a sampled (or unsampled) {@code StartActivity}
 * context, a {@code RunActivity} span per attempt into a batch processor whose exporter discards.
 *
 * <p>{@code mvn -Pbench test-compile exec:exec -Dbench=ActivityInterceptorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ActivityInterceptorBenchmark {
  private static final ActivityInput INPUT = new ActivityInput(Header.empty(), new Object[0]);
  private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
  private static final ActivityOutput OUTPUT = new ActivityOutput("done");

  private MonitoringService enabled;
  private MonitoringService traced;
  private WorkerInterceptor metrics;
  private WorkerInterceptor tracing;
  private ActivityInput sampledInput;
  private ActivityInput unsampledInput;
  private WorkerInterceptor passThrough;
  private ActivityExecutionContext context;
  private ActivityInboundCallsInterceptor activity;

  @Setup(Level.Trial)
  public void setUp() {
    enabled = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    metrics = TemporalMetrics.of(enabled).workerInterceptor();
    traced = MonitoringService.builder().config(MonitoringConfig.builder().enabled(true).build())
        .tracerProvider(SdkTracerProvider.builder()
            .setIdGenerator(WorkflowSpanIds.idGenerator())
            .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
            .build())
        .propagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    tracing = TemporalMetrics.of(traced).workerInterceptor();
    sampledInput = new ActivityInput(header(SAMPLED), new Object[0]);
    unsampledInput = new ActivityInput(header(UNSAMPLED), new Object[0]);
    passThrough = TemporalMetrics.of(MonitoringService.create(MonitoringConfig.defaults()))
        .workerInterceptor();
    context = new FixedContext(info());
    activity = new ActivityInboundCallsInterceptor() {
      @Override
      public void init(ActivityExecutionContext context) {}

      @Override
      public ActivityOutput execute(ActivityInput input) {
        return OUTPUT;
      }
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    enabled.shutdown();
    traced.shutdown();
  }

  @Benchmark
  public ActivityOutput noInterceptor() {
    activity.init(context);
    return activity.execute(INPUT);
  }

  @Benchmark
  public ActivityOutput disabledPassThrough() {
    ActivityInboundCallsInterceptor chain = passThrough.interceptActivity(activity);
    chain.init(context);
    return chain.execute(INPUT);
  }

  @Benchmark
  public ActivityOutput metricsInterceptor() {
    ActivityInboundCallsInterceptor chain = metrics.interceptActivity(activity);
    chain.init(context);
    return chain.execute(INPUT);
  }

  @Benchmark
  public ActivityOutput tracingSampled() {
    ActivityInboundCallsInterceptor chain = tracing.interceptActivity(activity);
    chain.init(context);
    return chain.execute(sampledInput);
  }

  @Benchmark
  public ActivityOutput tracingUnsampled() {
    ActivityInboundCallsInterceptor chain = tracing.interceptActivity(activity);
    chain.init(context);
    return chain.execute(unsampledInput);
  }

  /** The header a traced workflow writes for an activity: the JSON map under {@code _tracer-data}. */
  private static Header header(String traceparent) {
    Map<String, Payload> values = new HashMap<>();
    values.put(TracingHeaders.KEY, DefaultDataConverter.STANDARD_INSTANCE.toPayload(Map.of("traceparent", traceparent))
        .orElseThrow());
    return new Header(values);
  }

  private static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** The worker's context, reduced to what the interceptor reads; anything else would throw. */
  private static final class FixedContext extends ActivityExecutionContextBase {
    private final ActivityInfo info;

    FixedContext(ActivityInfo info) {
      super(null);
      this.info = info;
    }

    @Override
    public ActivityInfo getInfo() {
      return info;
    }

    @Override
    public boolean isDoNotCompleteOnReturn() {
      return false;
    }
  }

  // Called once: a proxy answering from a map, snapshotted into plain fields by FixedInfo.
  private static ActivityInfo info() {
    Map<String, Object> values = Map.of("getActivityType", "Charge", "getWorkflowType", "OrderFlow",
        "getActivityTaskQueue", "orders", "getActivityId", "1", "getWorkflowId", "order-1",
        "getWorkflowRunId", "5f2c2a34-7a0e-4d55-9d4a-2c1e8f0b7c11");
    ActivityInfo proxy = (ActivityInfo) Proxy.newProxyInstance(ActivityInfo.class.getClassLoader(),
        new Class<?>[] {ActivityInfo.class}, (self, method, args) -> values.get(method.getName()));
    return new FixedInfo(proxy);
  }

  private static final class FixedInfo extends DelegatingActivityInfo {
    private final String activityType;
    private final String workflowType;
    private final String taskQueue;
    private final String activityId;
    private final String workflowId;
    private final String runId;

    FixedInfo(ActivityInfo from) {
      super(from);
      activityType = from.getActivityType();
      workflowType = from.getWorkflowType();
      taskQueue = from.getActivityTaskQueue();
      activityId = from.getActivityId();
      workflowId = from.getWorkflowId();
      runId = from.getWorkflowRunId();
    }

    // the primitives, which the proxy cannot answer with null: without them the metrics
    // interceptor's start would fail (and be logged) on every attempt
    @Override
    public long getCurrentAttemptScheduledTimestamp() {
      return System.currentTimeMillis();
    }

    @Override
    public int getAttempt() {
      return 1;
    }

    @Override
    public boolean isLocal() {
      return false;
    }

    @Override
    public String getActivityId() {
      return activityId;
    }

    @Override
    public String getWorkflowId() {
      return workflowId;
    }

    @Override
    public String getWorkflowRunId() {
      return runId;
    }

    @Override
    public String getActivityType() {
      return activityType;
    }

    @Override
    public String getWorkflowType() {
      return workflowType;
    }

    @Override
    public String getActivityTaskQueue() {
      return taskQueue;
    }
  }
}
