package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP metrics' own cost per request against the bare OpenTelemetry record of the same five
 * instruments with the same, pre-built attributes (the floor any implementation pays).
 *
 * <p>{@code filter} is what the library does per request outside the container: wrap request and
 * response, open the exchange, resolve the route through the template cache, look up the cached
 * attribute sets and record. Run: {@code mvn -Pbench test-compile exec:exec -Dbench=HttpMetricsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpMetricsBenchmark {
  private MonitoringService service;
  private HttpMetrics metrics;
  private RouteTemplates templates;
  private Exclusions exclusions;
  private Method resourceMethod;
  private List<Class<?>> chain;
  private HttpServletRequest request;
  private HttpServletResponse response;

  private LongCounter requests;
  private DoubleHistogram duration;
  private LongHistogram requestSize;
  private LongHistogram responseSize;
  private LongUpDownCounter inFlight;
  private Attributes routeAttributes;
  private Attributes completedAttributes;

  @Path("users")
  public static class Users {
    @GET
    @Path("{id}")
    public String get() {
      return "";
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    service = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    metrics = new HttpMetrics(service.meter());
    templates = new RouteTemplates();
    exclusions = new Exclusions(List.of());
    resourceMethod = Users.class.getMethod("get");
    chain = List.of(Users.class);
    request = stub(HttpServletRequest.class);
    response = stub(HttpServletResponse.class);

    MonitoringService bare = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    Meter meter = bare.meter();
    requests = meter.counterBuilder("bare_requests").build();
    duration = meter.histogramBuilder("bare_duration_seconds")
        .setExplicitBucketBoundariesAdvice(HttpMetrics.DURATION_BUCKETS).build();
    requestSize = meter.histogramBuilder("bare_request_size_bytes").ofLongs()
        .setExplicitBucketBoundariesAdvice(HttpMetrics.SIZE_BUCKETS).build();
    responseSize = meter.histogramBuilder("bare_response_size_bytes").ofLongs()
        .setExplicitBucketBoundariesAdvice(HttpMetrics.SIZE_BUCKETS).build();
    inFlight = meter.upDownCounterBuilder("bare_in_flight").build();
    routeAttributes = Attributes.of(AttributeKey.stringKey("http.method"), "GET",
        AttributeKey.stringKey("http.route"), "/api/users/{id}");
    completedAttributes = routeAttributes.toBuilder().put(AttributeKey.longKey("http.status_code"), 200L).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    service.shutdown();
  }

  @Benchmark
  public void bareRecord() {
    inFlight.add(1, routeAttributes);
    long start = System.nanoTime();
    requests.add(1, completedAttributes);
    duration.record((System.nanoTime() - start) / 1e9, completedAttributes);
    requestSize.record(0, completedAttributes);
    responseSize.record(42, completedAttributes);
    inFlight.add(-1, routeAttributes);
  }

  @Benchmark
  public void filter() {
    CountingRequest countingRequest = new CountingRequest(request);
    CountingResponse countingResponse = new CountingResponse(response);
    HttpExchange exchange = new HttpExchange(metrics, exclusions, System.nanoTime(), "GET", countingRequest,
        countingResponse);
    exchange.matched(templates.template("/api", chain, resourceMethod));
    exchange.handledByJaxrs();
    exchange.end(200);
  }

  @SuppressWarnings("unchecked")
  private static <T> T stub(Class<T> type) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      Class<?> returns = method.getReturnType();
      if (returns == long.class) {
        return -1L;
      }
      if (returns == int.class) {
        return 200;
      }
      return returns == boolean.class ? false : null;
    });
  }
}
