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
import java.lang.reflect.Proxy;
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
 * against the same calls with no interceptor and with the pass-through of a disabled service.
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
  private static final ActivityOutput OUTPUT = new ActivityOutput("done");

  private MonitoringService enabled;
  private WorkerInterceptor metrics;
  private WorkerInterceptor passThrough;
  private ActivityExecutionContext context;
  private ActivityInboundCallsInterceptor activity;

  @Setup(Level.Trial)
  public void setUp() {
    enabled = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    metrics = TemporalMetrics.of(enabled).workerInterceptor();
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
        "getActivityTaskQueue", "orders");
    ActivityInfo proxy = (ActivityInfo) Proxy.newProxyInstance(ActivityInfo.class.getClassLoader(),
        new Class<?>[] {ActivityInfo.class}, (self, method, args) -> values.get(method.getName()));
    return new FixedInfo(proxy);
  }

  private static final class FixedInfo extends DelegatingActivityInfo {
    private final String activityType;
    private final String workflowType;
    private final String taskQueue;

    FixedInfo(ActivityInfo from) {
      super(from);
      activityType = from.getActivityType();
      workflowType = from.getWorkflowType();
      taskQueue = from.getActivityTaskQueue();
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
