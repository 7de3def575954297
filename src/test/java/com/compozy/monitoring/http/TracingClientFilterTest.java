package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter on a real JAX-RS client (Jersey) calling the JDK's HTTP server. */
class TracingClientFilterTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final MonitoringService service = MonitoringService.builder()
      .config(MonitoringConfig.builder().enabled(true).build())
      .tracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .propagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpServer remote = remote();
  private final Client client = ClientBuilder.newClient().register(TracingClientFilter.of(service));

  @AfterEach
  void close() {
    client.close();
    remote.stop(0);
    service.shutdown();
  }

  @Test
  void aCallIsAClientSpanUnderTheCurrentOneAndTheRemoteReceivesItsContext() {
    Span parent = service.tracer().spanBuilder("checkout").startSpan();
    int status;
    try (Scope scope = parent.makeCurrent();
        Response response = client.target(base().resolve("/orders/7?sig=secret&page=2")).request().get()) {
      status = response.getStatus();
    } finally {
      parent.end();
    }

    assertThat(status).isEqualTo(200);
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        HttpServerSpans.METHOD, "GET",
        HttpServerSpans.SERVER_ADDRESS, "127.0.0.1",
        HttpServerSpans.SERVER_PORT, (long) remote.getAddress().getPort(),
        TracingClientFilter.URL_FULL, base() + "orders/7?sig=REDACTED&page=2",
        HttpServerSpans.STATUS, 200L));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(received).containsExactly(
        "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
    assertThat(span.getSpanContext().isSampled()).isTrue();
  }

  @Test
  void aClientOrServerErrorStatusIsAnError() {
    try (Response response = client.target(base().resolve("/missing")).request().post(null)) {
      assertThat(response.getStatus()).isEqualTo(404);
    }

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("POST");
    assertThat(span.getAttributes().get(HttpServerSpans.STATUS)).isEqualTo(404);
    assertThat(span.getAttributes().get(HttpServerSpans.ERROR_TYPE)).isEqualTo("404");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void userInfoNeverReachesTheSpan() {
    assertThat(TracingClientFilter.fullUrl(URI.create("https://alice:pw@api.example.com:8443/a?b=1#top")))
        .isEqualTo("https://api.example.com:8443/a?b=1#top");
    assertThat(TracingClientFilter.fullUrl(URI.create("http://h/x?AWSAccessKeyId=k&Signature=s&x=1")))
        .isEqualTo("http://h/x?AWSAccessKeyId=REDACTED&Signature=REDACTED&x=1");
  }

  @Test
  void withoutTracingTheCallIsLeftAlone() {
    MonitoringService untraced = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try (Client plain = ClientBuilder.newClient().register(TracingClientFilter.of(untraced));
        Response response = plain.target(base().resolve("/orders/7")).request().get()) {
      assertThat(response.getStatus()).isEqualTo(200);
    } finally {
      untraced.shutdown();
    }
    assertThat(received).containsExactly((String) null);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + remote.getAddress().getPort() + "/");
  }

  private HttpServer remote() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        received.add(exchange.getRequestHeaders().getFirst("traceparent"));
        exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/orders") ? 200 : 404, -1);
        exchange.close();
      });
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
