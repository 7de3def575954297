package com.compozy.monitoring.http;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server span's cost per request against the bare OpenTelemetry
 * {@code spanBuilder(...).setAttribute(...).startSpan() ... end()} with the same name and
 * attributes (the floor any instrumentation pays), sampled and unsampled.
 *
 * <p>{@code serverSpan} is what an exchange runs with tracing on: extract the parent from the request
 * headers (a W3C propagator, no {@code traceparent} sent), start the span with its start time and
 * the attributes read from the request, make it current and leave it, end it with the status. The
 * exchange's start is read once in setup: in an exchange that {@code System.nanoTime()} read is
 * taken for the metrics' duration whether or not tracing is on, so it is not part of what tracing
 * costs (the bare span reads the clock inside the SDK, as {@code serverSpan} does for its end). The
 * tracer provider has no span processor, so neither measures an exporter. Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench=HttpServerSpansBenchmark}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpServerSpansBenchmark {
  private static final String ROUTE = "/api/users/{id}";
  private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";

  @Param({"sampled", "unsampled"})
  public String sampling;

  private SdkTracerProvider provider;
  private Tracer tracer;
  private TextMapPropagator propagator;
  private HttpServerSpans spans;
  private FakeServlet.Request request;
  private int get;
  private long requestStartNanos;

  @Setup(Level.Trial)
  public void setUp() {
    provider = SdkTracerProvider.builder()
        .setSampler(sampling.equals("sampled") ? Sampler.alwaysOn() : Sampler.alwaysOff())
        .build();
    OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    tracer = openTelemetry.getTracer("bench");
    propagator = openTelemetry.getPropagators().getTextMapPropagator();
    spans = HttpServerSpans.of(openTelemetry, tracer);
    request = FakeServlet.request("GET", "/api/users/7").header("User-Agent", USER_AGENT);
    get = HttpMetrics.methodIndex("GET");
    requestStartNanos = System.nanoTime();
    Context started = spans.start(request, get, ROUTE, requestStartNanos);
    if (started == null || Span.fromContext(started).getSpanContext().isSampled() != sampling.equals("sampled")) {
      throw new IllegalStateException("the benchmarked span is not the " + sampling + " one");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    provider.shutdown();
  }

  @Benchmark
  public void bareSpan() {
    Span span = bareBuilder().startSpan();
    span.setAttribute(HttpServerSpans.STATUS, 200L);
    span.end();
  }

  /** The library's span name and attributes for this request, as constants. */
  private SpanBuilder bareBuilder() {
    return tracer.spanBuilder("GET /api/users/{id}")
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(HttpServerSpans.METHOD, "GET")
        .setAttribute(HttpServerSpans.ROUTE, ROUTE)
        .setAttribute(HttpServerSpans.URL_PATH, "/ctx/api/users/7")
        .setAttribute(HttpServerSpans.URL_SCHEME, "http")
        .setAttribute(HttpServerSpans.SERVER_ADDRESS, "localhost")
        .setAttribute(HttpServerSpans.SERVER_PORT, 8080L)
        .setAttribute(HttpServerSpans.PROTOCOL_VERSION, "1.1")
        .setAttribute(HttpServerSpans.USER_AGENT, USER_AGENT);
  }

  /**
   * The bare span plus what the conventions ask of any server span: the parent taken from the
   * request's headers, and the span current while the application runs.
   */
  @Benchmark
  public void bareSpanWithParentAndScope() {
    Context parent = propagator.extract(Context.current(), request, HEADERS);
    Span span = bareBuilder().setParent(parent).startSpan();
    try (Scope scope = span.makeCurrent()) {
      // the resource method runs here
    }
    span.setAttribute(HttpServerSpans.STATUS, 200L);
    span.end();
  }

  /** Reads headers the way a server instrumentation would, without the library's getter. */
  private static final TextMapGetter<FakeServlet.Request> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(FakeServlet.Request carrier) {
      return java.util.Collections.list(carrier.getHeaderNames());
    }

    @Override
    public String get(FakeServlet.Request carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  };

  @Benchmark
  public void serverSpan() {
    Context traced = spans.start(request, get, ROUTE, requestStartNanos);
    try (Scope scope = traced.makeCurrent()) {
      // the resource method runs here
    }
    spans.end(traced, 200, null);
  }
}
