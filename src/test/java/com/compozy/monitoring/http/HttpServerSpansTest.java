package com.compozy.monitoring.http;

import static com.compozy.monitoring.http.Series.DURATION;
import static com.compozy.monitoring.http.Series.REQUESTS;
import static com.compozy.monitoring.http.Series.completed;
import static com.compozy.monitoring.http.Series.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.export.prometheus.PrometheusScrapeServlet;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server spans of the servlet filter and the JAX-RS filter together, on the fake container,
 * exported to memory: names, attributes, parents, statuses, and the duration's exemplar.
 */
class HttpServerSpansTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final String SAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
  private static final String UNSAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-00";
  private static final String USER = "/api/users/{id}";

  @Path("users")
  public static class Users {
    @GET
    @Path("{id}")
    public String get() {
      return "";
    }

    @POST
    public String create() {
      return "";
    }
  }

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final MonitoringService service = traced(Sampler.parentBased(Sampler.alwaysOn()));
  private final FakeJaxrs getUser = jaxrs("get");
  private final FakeJaxrs createUser = jaxrs("create");
  private final HttpMetricsServletFilter filter =
      new HttpMetricsServletFilter(service.config(), () -> Optional.of(service));

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void aMatchedRequestGetsOneServerSpanNamedByItsRouteWithTheClientsParentAndTheConventionsAttributes()
      throws Exception {
    List<SpanContext> currentInResource = new ArrayList<>();
    List<String> baggageInResource = new ArrayList<>();

    filter.doFilter(FakeServlet.request("GET", "/api/users/7").header("traceparent", SAMPLED)
            .header("tracestate", "vendor=x").header("baggage", "tenant=acme").header("User-Agent", "curl/8.5"),
        FakeServlet.response(), (req, res) -> {
          getUser.matched((HttpServletRequest) req);
          currentInResource.add(Span.current().getSpanContext());
          baggageInResource.add(Baggage.current().getEntryValue("tenant"));
          service.tracer().spanBuilder("load user").startSpan().end();
        });

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("load user", "GET /api/users/{id}");
    SpanData server = spans.get(1);
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(server.getSpanContext().getTraceState().get("vendor")).isEqualTo("x");
    assertThat(server.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("http.request.method", "GET")
        .put("http.route", USER)
        .put("url.path", "/ctx/api/users/7")
        .put("url.scheme", "http")
        .put("server.address", "localhost")
        .put("server.port", 8080L)
        .put("network.protocol.version", "1.1")
        .put("user_agent.original", "curl/8.5")
        .put("http.response.status_code", 200L)
        .build().asMap());
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(currentInResource).containsExactly(server.getSpanContext());
    assertThat(baggageInResource).containsExactly("acme");
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(Span.current().getSpanContext().isValid()).as("left current after the request").isFalse();
    assertThat(server.getEndEpochNanos() - server.getStartEpochNanos()).isPositive();
  }

  @Test
  void aSpanStartsWhenItsExchangeStartedOnTheWallClock() {
    HttpServerSpans spans = HttpServerSpans.of(service.openTelemetry(), service.tracer());
    // an exchange that began 50 ms ago; then a reading 1.5 s past the anchor, which renews it
    for (long offset : new long[] {-50, 1_500}) {
      long wallBefore = java.time.Instant.now().toEpochMilli() * 1_000_000;
      long epochNanos = spans.epochNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(offset));
      long wallAfter = java.time.Instant.now().toEpochMilli() * 1_000_000;
      assertThat(epochNanos).isBetween(wallBefore + TimeUnit.MILLISECONDS.toNanos(offset - 5),
          wallAfter + TimeUnit.MILLISECONDS.toNanos(offset + 1));
    }
  }

  @Test
  void aRequestNoRouteMatchedIsNamedByItsMethodAlone() throws Exception {
    FakeServlet.Response notFound = FakeServlet.response();

    filter.doFilter(FakeServlet.request("GET", "/api/nope/1"), notFound, (req, res) -> {
      getUser.unmatched((HttpServletRequest) req);
      notFound.setStatus(404);
    });

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull();
    assertThat(span.getAttributes().get(HttpServerSpans.STATUS)).isEqualTo(404);
    assertThat(span.getAttributes().get(HttpServerSpans.ERROR_TYPE)).isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET); // a 4xx is the client's error
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void aServerErrorStatusIsAnErrorWithTheStatusAsErrorType() throws Exception {
    FakeServlet.Response unavailable = FakeServlet.response();

    filter.doFilter(FakeServlet.request("POST", "/api/users").body("{}"), unavailable, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      unavailable.setStatus(503);
    });

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("POST /api/users");
    assertThat(span.getAttributes().get(HttpServerSpans.STATUS)).isEqualTo(503);
    assertThat(span.getAttributes().get(HttpServerSpans.ERROR_TYPE)).isEqualTo("503");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void anUnmappedExceptionIsAServerErrorWhoseEventNamesTheApplicationsExceptionNotTheContainersWrapper() {
    assertThatThrownBy(() -> filter.doFilter(FakeServlet.request("GET", "/api/users/7"), FakeServlet.response(),
        (req, res) -> {
          getUser.route((HttpServletRequest) req);
          throw new ServletException(new IllegalStateException("no such user store"));
        })).isInstanceOf(ServletException.class);

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("GET /api/users/{id}");
    assertThat(span.getAttributes().get(HttpServerSpans.STATUS)).isEqualTo(500);
    // the status code, as the semantic-convention metrics and a runtime that answers the exception itself
    assertThat(span.getAttributes().get(HttpServerSpans.ERROR_TYPE)).isEqualTo("500");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(span.getEvents().get(0).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
        "exception.type"))).isEqualTo("java.lang.IllegalStateException");
    assertThat(value(service, REQUESTS, completed("GET", USER, 500))).isEqualTo(1);
  }

  @Test
  void aMethodOutsideTheStandardNineIsHttpWithItsOriginal() throws Exception {
    filter.doFilter(FakeServlet.request("PROPFIND", "/api/nope"), FakeServlet.response(),
        (req, res) -> getUser.unmatched((HttpServletRequest) req));

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("HTTP");
    assertThat(span.getAttributes().get(HttpServerSpans.METHOD)).isEqualTo("_OTHER");
    assertThat(span.getAttributes().get(HttpServerSpans.METHOD_ORIGINAL)).isEqualTo("PROPFIND");
  }

  @Test
  void anAsyncRequestEndsWhenTheResponseCompletesNotWhenTheRequestThreadReturns() throws Exception {
    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/7");
    FakeServlet.Response response = FakeServlet.response();

    filter.doFilter(request, response, (req, res) -> {
      getUser.matched((HttpServletRequest) req);
      req.startAsync();
    });
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    response.setStatus(201);
    ((FakeServlet.Async) request.getAsyncContext()).complete();

    SpanData span = only();
    assertThat(span.getName()).isEqualTo("GET /api/users/{id}");
    assertThat(span.getAttributes().get(HttpServerSpans.STATUS)).isEqualTo(201);
  }

  @Test
  void requestsTheMetricsDoNotCountGetNoSpan() throws Exception {
    HttpMetricsServletFilter excluding = new HttpMetricsServletFilter(MonitoringConfig.builder().enabled(true)
        .httpExclude(List.of("/health*", USER)).build(), () -> Optional.of(service));

    excluding.doFilter(FakeServlet.request("GET", "/health/ready"), FakeServlet.response(),
        (req, res) -> getUser.unmatched((HttpServletRequest) req));
    excluding.doFilter(FakeServlet.request("GET", "/api/users/7"), FakeServlet.response(),
        (req, res) -> getUser.matched((HttpServletRequest) req));
    // not JAX-RS: a static file, or the scrape servlet
    filter.doFilter(FakeServlet.request("GET", "/metrics"), FakeServlet.response(), (req, res) -> {});

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void malformedTraceHeadersStartANewTraceAndHugeValuesAreCut() throws Exception {
    String huge = "x".repeat(100_000);

    filter.doFilter(FakeServlet.request("GET", "/api/users/7").header("traceparent", "00-zz-" + huge)
            .header("tracestate", huge).header("baggage", huge + "=;;,,").header("User-Agent", huge),
        FakeServlet.response(), (req, res) -> getUser.matched((HttpServletRequest) req));

    SpanData span = only();
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
    assertThat(span.getAttributes().get(HttpServerSpans.USER_AGENT)).hasSize(HttpServerSpans.MAX_VALUE_LENGTH);
    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(1);
  }

  @Test
  void theDurationOfASampledRequestCarriesAnExemplarOfItsSpanInTheOpenMetricsScrape() throws Exception {
    filter.doFilter(FakeServlet.request("GET", "/api/users/7").header("traceparent", SAMPLED),
        FakeServlet.response(), (req, res) -> getUser.matched((HttpServletRequest) req));
    SpanData span = only();

    String scrape = openMetricsScrape();
    List<java.util.Map<String, String>> exemplars = exemplars(scrape, DURATION + "_bucket");

    assertThat(exemplars).containsExactly(
        java.util.Map.of("trace_id", span.getTraceId(), "span_id", span.getSpanId()));
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void anUnsampledRequestExportsNoSpanAndTheDurationNoExemplar() throws Exception {
    filter.doFilter(FakeServlet.request("GET", "/api/users/7").header("traceparent", UNSAMPLED),
        FakeServlet.response(), (req, res) -> getUser.matched((HttpServletRequest) req));

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    assertThat(value(service, DURATION + "_count", completed("GET", USER, 200))).isEqualTo(1);
    assertThat(exemplars(openMetricsScrape(), DURATION + "_bucket")).isEmpty();
  }

  @Test
  void withoutATracerProviderThereAreNoSpansToCheck() {
    MonitoringService untraced = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      assertThat(HttpServerSpans.of(untraced.openTelemetry(), untraced.tracer())).isNull();
      assertThat(HttpServerSpans.of(service.openTelemetry(), service.tracer())).isNotNull();
    } finally {
      untraced.shutdown();
    }
  }

  @Test
  void protocolVersionsAreWrittenAsTheConventionsDo() {
    assertThat(HttpServerSpans.protocolVersion("HTTP/1.1")).isEqualTo("1.1");
    assertThat(HttpServerSpans.protocolVersion("HTTP/2.0")).isEqualTo("2");
    assertThat(HttpServerSpans.protocolVersion("HTTP/1.0")).isEqualTo("1.0");
    assertThat(HttpServerSpans.protocolVersion("SPDY/3")).isNull();
    assertThat(HttpServerSpans.protocolVersion(null)).isNull();
  }

  private SpanData only() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  /** The library's scrape servlet asked for OpenMetrics, as a Prometheus with exemplar storage asks. */
  private String openMetricsScrape() throws Exception {
    PrometheusScrapeServlet servlet = new PrometheusScrapeServlet(service::prometheusRegistry);
    FakeServlet.Response response = FakeServlet.response();
    servlet.service(FakeServlet.request("GET", "/metrics")
        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"), response);
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/openmetrics-text");
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The labels of every exemplar on a {@code name} line: {@code name{...} 1 # {labels} value ts}. */
  private static List<java.util.Map<String, String>> exemplars(String exposition, String name) {
    List<java.util.Map<String, String>> found = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{.*\\} \\S+ # \\{([^}]*)\\}").matcher(exposition);
    while (line.find()) {
      java.util.Map<String, String> labels = new java.util.TreeMap<>();
      Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      found.add(labels);
    }
    return found;
  }

  private MonitoringService traced(Sampler sampler) {
    return MonitoringService.builder()
        .config(MonitoringConfig.builder().enabled(true).build())
        .tracerProvider(SdkTracerProvider.builder().setSampler(sampler)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .propagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  private static FakeJaxrs jaxrs(String method) {
    try {
      return new FakeJaxrs(Users.class, method);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
