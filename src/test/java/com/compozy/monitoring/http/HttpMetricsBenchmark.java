package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.MappingMatch;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP metrics' own cost per request against the bare OpenTelemetry record of the same five
 * instruments with the same, pre-built attributes (the floor any implementation pays).
 *
 * <p>{@code filter} runs the library's own code for one GET of a root resource method, outside the
 * container: the servlet filter's {@code doFilter} (double-filtering guard, exchange and wrappers,
 * request attribute, end and record), and inside its chain what the JAX-RS runtime runs, the
 * per-method route filter and the response filter. The container is a fake whose methods return
 * constants, so what is measured is the library, plus a virtual call per container method it uses.
 * {@code conventions} is {@code monitoring.http.conventions}: {@code BOTH} records the compozy and the
 * semantic-convention instruments from one measurement.
 * Run: {@code mvn -Pbench test-compile exec:exec -Dbench=HttpMetricsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2) // the filter's deeper call tree needs longer than 3 x 1 s to compile on 2 busy cores
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpMetricsBenchmark {
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

  /** The library's filters for one configuration; only {@link #filter} uses it. */
  @State(Scope.Benchmark)
  public static class Filters {
    @Param({"COMPOZY", "OTEL", "BOTH"})
    public String conventions;

    private MonitoringService service;
    private HttpMetricsServletFilter servletFilter;
    private HttpMetricsFilter jaxrsFilter;
    private ContainerRequestFilter routeFilter;
    private ContainerRequestContext requestContext;
    private ContainerResponseContext responseContext;
    private FakeRequest request;
    private FakeResponse response;
    private FilterChain jaxrs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      service = MonitoringService.create(MonitoringConfig.builder().enabled(true)
          .httpConventions(MonitoringConfig.HttpConventions.valueOf(conventions)).build());
      servletFilter = new HttpMetricsServletFilter(service.config(), () -> Optional.of(service));
      servletFilter.init(null);
      Method resourceMethod = Users.class.getMethod("get");
      ResourceInfo resourceInfo = stub(ResourceInfo.class, (name, args) ->
          name.equals("getResourceClass") ? Users.class : resourceMethod);
      URI base = URI.create("http://localhost/api/");
      jaxrsFilter = new HttpMetricsFilter(resourceInfo, stub(UriInfo.class, (name, args) -> {
        if (name.equals("getBaseUri")) {
          return base;
        }
        throw new UnsupportedOperationException(name);
      }));
      ContainerRequestFilter[] registered = new ContainerRequestFilter[1];
      jaxrsFilter.configure(resourceInfo,
          stub(FeatureContext.class, (name, args) -> {
            registered[0] = (ContainerRequestFilter) args[0];
            return null;
          }));
      routeFilter = registered[0];
      request = new FakeRequest();
      response = new FakeResponse();
      requestContext = stub(ContainerRequestContext.class, (name, args) ->
          HttpExchange.ATTRIBUTE.equals(args[0]) ? request.attribute : null); // getProperty: only ours is set
      responseContext = stub(ContainerResponseContext.class, (name, args) -> null);
      jaxrs = (req, res) -> {
        routeFilter.filter(requestContext);
        jaxrsFilter.filter(requestContext, responseContext);
      };
      servletFilter.doFilter(request, response, jaxrs);
      request.attribute = null;
      Scrape scrape = Scrape.of(service);
      if (!conventions.equals("OTEL") && scrape.value("compozy_http_requests_total",
          java.util.Map.of("http_method", "GET", "http_route", "/api/users/{id}", "http_status_code", "200")) != 1
          || !conventions.equals("COMPOZY") && scrape.value("http_server_request_duration_seconds_count",
          java.util.Map.of("http_request_method", "GET", "http_route", "/api/users/{id}",
              "http_response_status_code", "200", "url_scheme", "http", "network_protocol_version", "1.1")) != 1) {
        throw new IllegalStateException("the benchmarked request is not the labelled one: " + scrape.samples());
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      service.shutdown();
    }
  }

  private MonitoringService bare;

  @Setup(Level.Trial)
  public void setUp() {
    bare = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
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
    bare.shutdown();
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
  public void filter(Filters filters) throws Exception {
    filters.servletFilter.doFilter(filters.request, filters.response, filters.jaxrs);
    filters.request.attribute = null; // the next request is a new one
  }

  /** A GET without body under the servlet mapping {@code /api/*}. */
  private static final class FakeRequest extends HttpServletRequestWrapper {
    private static final HttpServletMapping MAPPING = stub(HttpServletMapping.class, (name, args) ->
        name.equals("getPattern") ? "/api/*" : name.equals("getMappingMatch") ? MappingMatch.PATH : "");
    Object attribute;

    FakeRequest() {
      super(stub(HttpServletRequest.class, (name, args) -> {
        throw new UnsupportedOperationException(name);
      }));
    }

    @Override public String getMethod() {
      return "GET";
    }

    @Override public Object getAttribute(String name) {
      return attribute;
    }

    @Override public void setAttribute(String name, Object value) {
      attribute = value;
    }

    @Override public long getContentLengthLong() {
      return -1;
    }

    @Override public String getHeader(String name) {
      return null;
    }

    @Override public boolean isAsyncStarted() {
      return false;
    }

    @Override public HttpServletMapping getHttpServletMapping() {
      return MAPPING;
    }

    @Override public String getContextPath() {
      return "";
    }

    @Override public String getScheme() {
      return "http";
    }

    @Override public String getProtocol() {
      return "HTTP/1.1";
    }
  }

  /** A 200 with no body written (the response size comes from its absent Content-Length). */
  private static final class FakeResponse extends HttpServletResponseWrapper {
    FakeResponse() {
      super(stub(HttpServletResponse.class, (name, args) -> {
        throw new UnsupportedOperationException(name);
      }));
    }

    @Override public int getStatus() {
      return 200;
    }

    @Override public String getHeader(String name) {
      return null;
    }
  }

  private interface Handler {
    Object invoke(String method, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T stub(Class<T> type, Handler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> handler.invoke(method.getName(), args));
  }
}
