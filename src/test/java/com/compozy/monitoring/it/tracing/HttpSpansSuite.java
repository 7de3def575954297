package com.compozy.monitoring.it.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.http.AsyncResource;
import com.compozy.monitoring.it.http.ConformanceApplication;
import com.compozy.monitoring.it.http.CustomersResource;
import com.compozy.monitoring.it.http.OrdersApi;
import com.compozy.monitoring.it.http.OrdersResource;
import com.compozy.monitoring.it.http.PlacesResource;
import com.compozy.monitoring.it.http.UsersResource;
import com.compozy.monitoring.testing.OtlpReceiver;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URL;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What users expect of HTTP server spans, run unchanged on every runtime: the WAR exports OTLP to
 * a receiver in the test JVM. Each request carries its own {@code traceparent}, so each test finds
 * its spans by trace id in the shared receiver.
 */
public abstract class HttpSpansSuite {
  /** Started when the deployment is built, so that its address goes into the WAR's config. */
  protected static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String WAR = "spans";

  protected abstract URL app();

  public static WebArchive spansWar() {
    return Deployments.war(WAR,
        Deployments.config("monitoring.enabled", "true", "monitoring.tracing.enabled", "true",
            "otel.traces.exporter", "otlp", "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.exporter.otlp.endpoint", RECEIVER.endpoint(), "otel.bsp.schedule.delay", "100",
            "otel.metrics.exporter", "none", "otel.logs.exporter", "none"),
        ConformanceApplication.class, UsersResource.class, com.compozy.monitoring.it.http.ConflictException.class,
        com.compozy.monitoring.it.http.ConflictMapper.class, OrdersApi.class, OrdersResource.class,
        CustomersResource.class, CustomersResource.Addresses.class, PlacesResource.class, AsyncResource.class,
        SpanResource.class, SpanWork.class);
  }

  /** A sampled {@code traceparent} of a new trace; returns {trace id, parent span id, header}. */
  private static String[] traceparent() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    String traceId = HexFormat.of().formatHex(trace);
    String spanId = HexFormat.of().formatHex(span);
    return new String[] {traceId, spanId, "00-" + traceId + "-" + spanId + "-01"};
  }

  /** Sends {@code method path} with a new traceparent; waits for {@code count} spans of its trace. */
  private Traced send(String method, String path, int expectedStatus, int count) {
    String[] parent = traceparent();
    HttpResponse<String> response = Http.send(app(), method, path, "traceparent", parent[2]);
    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(expectedStatus);
    List<Span> spans = await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(parent[0]), s -> s.size() >= count);
    return new Traced(parent[0], parent[1], response.body(), version(response), spans);
  }

  /** As the conventions write it: the JDK client upgrades to HTTP/2 (h2c) where the server offers it. */
  private static String version(HttpResponse<String> response) {
    return response.version() == java.net.http.HttpClient.Version.HTTP_2 ? "2" : "1.1";
  }

  private record Traced(String traceId, String parentId, String body, String protocol, List<Span> spans) {
    Span named(String name) {
      return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(Span::getName).toList()));
    }
  }

  private static List<Span> spansOf(String traceId) {
    return RECEIVER.spans().stream().map(OtlpReceiver.ResourceSpans::span)
        .filter(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(traceId)).toList();
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static Map<String, Object> attributes(Span span) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      AnyValue value = kv.getValue();
      attributes.put(kv.getKey(), value.hasIntValue() ? (Object) value.getIntValue()
          : value.hasBoolValue() ? (Object) value.getBoolValue() : value.getStringValue());
    }
    return attributes;
  }

  /** The server span of one request: the client's parent, its name, and the attributes every one has. */
  private Span serverSpan(Traced traced, String name, String method, String path, int status) {
    Span span = traced.named(name);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(hex(span.getParentSpanId())).isEqualTo(traced.parentId());
    Map<String, Object> attributes = attributes(span);
    assertThat(attributes).containsEntry("http.request.method", method)
        .containsEntry("url.path", "/" + WAR + "/" + path)
        .containsEntry("url.scheme", "http")
        .containsEntry("server.address", app().getHost())
        .containsEntry("server.port", (long) app().getPort())
        .containsKey("network.protocol.version")
        .containsEntry("http.response.status_code", (long) status)
        .containsKey("user_agent.original")
        .doesNotContainKey("url.query");
    // the JDK client asks for an h2c upgrade: the request that carries it is HTTP/1.1, later ones HTTP/2
    assertThat(attributes.get("network.protocol.version")).isIn("1.1", "2");
    return span;
  }

  @Test
  void theClientsTraceparentIsTheParentAndAPathParameterIsInTheRouteNotTheName() {
    Traced traced = send("GET", "api/users/1", 200, 1);

    Span span = serverSpan(traced, "GET /api/users/{id}", "GET", "api/users/1", 200);
    assertThat(attributes(span)).containsEntry("http.route", "/api/users/{id}").doesNotContainKey("error.type");
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(traced.spans()).hasSize(1);
  }

  @Test
  void aSubResourceLocatorAndAnInterfacePathGiveTheirFullTemplates() {
    serverSpan(send("GET", "api/customers/c1/addresses/a1", 200, 1),
        "GET /api/customers/{customerId}/addresses/{addressId}", "GET", "api/customers/c1/addresses/a1", 200);
    serverSpan(send("GET", "api/orders/o-1/lines/2", 200, 1),
        "GET /api/orders/{orderId}/lines/{line}", "GET", "api/orders/o-1/lines/2", 200);
  }

  @Test
  void createdNotFoundAndMethodNotAllowedAreNoErrorsOfTheServer() {
    Span created = serverSpan(sendPost("api/users"), "POST /api/users", "POST", "api/users", 201);
    Span notFound = serverSpan(send("GET", "api/nope/1", 404, 1), "GET", "GET", "api/nope/1", 404);
    Span notAllowed = serverSpan(send("DELETE", "api/users/1", 405, 1), "DELETE", "DELETE", "api/users/1", 405);

    for (Span span : List.of(created, notFound, notAllowed)) {
      assertThat(span.getStatus().getCode()).as(span.getName()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
      assertThat(attributes(span)).as(span.getName()).doesNotContainKey("error.type");
    }
    assertThat(attributes(notFound)).doesNotContainKey("http.route");
    assertThat(attributes(notAllowed)).doesNotContainKey("http.route");
  }

  private Traced sendPost(String path) {
    String[] parent = traceparent();
    HttpResponse<String> response = Http.send(app(), "POST", path, "traceparent", parent[2],
        "Content-Type", "text/plain");
    assertThat(response.statusCode()).isEqualTo(201); // an empty text body
    List<Span> spans = await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(parent[0]), s -> !s.isEmpty());
    return new Traced(parent[0], parent[1], response.body(), version(response), spans);
  }

  @Test
  void anUnmappedExceptionIsAServerError() {
    Span span = serverSpan(send("GET", "api/users/1/unmapped", 500, 1),
        "GET /api/users/{id}/unmapped", "GET", "api/users/1/unmapped", 500);

    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    // the status code whether the runtime answers the exception itself (RESTEasy) or lets it escape to the
    // container (Jersey on Payara): the semantic-convention metrics say the same
    assertThat(attributes(span)).containsEntry("error.type", "500");
  }

  @Test
  void anAsyncRequestsSpanEndsWhenTheResponseIsSent() {
    Span span = serverSpan(send("GET", "api/async/suspended", 200, 1),
        "GET /api/async/suspended", "GET", "api/async/suspended", 200);

    // resumed after DELAY_MILLIS on another thread: the span ended then, not when the request thread returned
    assertThat(span.getEndTimeUnixNano() - span.getStartTimeUnixNano())
        .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
  }

  @Test
  void theScrapeEndpointHasNoSpan() {
    String[] scrape = traceparent();
    assertThat(Http.get(app(), "metrics", "traceparent", scrape[2]).statusCode()).isEqualTo(200);
    send("GET", "api/users/2", 200, 1); // ends after the scrape, so exported with or after it

    assertThat(spansOf(scrape[0])).isEmpty();
  }

  @Test
  void aWithSpanBeanMethodIsAChildOfTheServerSpan() {
    Traced traced = send("GET", "api/traced/bean/5", 200, 2);

    Span server = serverSpan(traced, "GET /api/traced/bean/{id}", "GET", "api/traced/bean/5", 200);
    Span work = traced.named("work");
    assertThat(hex(work.getParentSpanId())).isEqualTo(hex(server.getSpanId()));
    assertThat(work.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(attributes(work)).containsEntry("item.id", "5");
    assertThat(traced.spans()).hasSize(2);
    assertThat(traced.body()).isEqualTo("worked 5");
  }

  @Test
  void theClientFiltersSpanCarriesTheTraceToTheCalledEndpoint() {
    Traced traced = send("GET", "api/traced/call", 200, 3);

    Span caller = serverSpan(traced, "GET /api/traced/call", "GET", "api/traced/call", 200);
    Span client = traced.named("GET");
    Span echo = traced.named("GET /api/traced/echo");
    assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(hex(client.getParentSpanId())).isEqualTo(hex(caller.getSpanId()));
    assertThat(hex(echo.getParentSpanId())).isEqualTo(hex(client.getSpanId()));
    assertThat(attributes(client)).containsEntry("http.request.method", "GET")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("server.port", (long) app().getPort())
        .containsEntry("url.full", app().toString() + "api/traced/echo");
    assertThat(traced.body()).startsWith("00-" + traced.traceId() + "-" + hex(client.getSpanId()) + "-");
    assertThat(traced.spans()).hasSize(3);
  }
}
