package com.compozy.monitoring.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver against OpenTelemetry's own OTLP/HTTP exporters. */
class OtlpReceiverTest {
  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-test"));

  private final OtlpReceiver collector = OtlpReceiver.start();

  @AfterEach
  void stop() {
    collector.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void decodesSpansAsSent(String compression) {
    SpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(collector.endpoint() + "/v1/traces").setCompression(compression).build();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(RESOURCE)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      var span = tracing.get("scope-a").spanBuilder("GET /orders/{id}").setAttribute("http.route", "/orders/{id}")
          .startSpan();
      span.end();

      OtlpReceiver.ResourceSpans received = collector.awaitSpan("GET /orders/{id}");
      assertThat(received.scope()).isEqualTo("scope-a");
      assertThat(received.attribute("http.route")).hasValue("/orders/{id}");
      assertThat(received.resourceAttribute("service.name")).hasValue("receiver-test");
      assertThat(received.span().getSpanId().toByteArray()).isEqualTo(span.getSpanContext().getSpanIdBytes());
      assertThat(collector.spans()).hasSize(1);
      assertThat(collector.traceRequests()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void decodesMetricsAsSent(String compression) {
    OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
        .setEndpoint(collector.endpoint() + "/v1/metrics").setCompression(compression).build();
    PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
    try (SdkMeterProvider meters = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build()) {
      meters.get("scope-b").counterBuilder("jobs").build().add(7, Attributes.of(AttributeKey.stringKey("queue"), "q1"));
      assertThat(reader.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      var point = collector.awaitMetric("jobs").getSum().getDataPoints(0);
      assertThat(point.getAsInt()).isEqualTo(7);
      assertThat(point.getAttributes(0).getKey()).isEqualTo("queue");
      assertThat(point.getAttributes(0).getValue().getStringValue()).isEqualTo("q1");
      assertThat(OtlpReceiver.attribute(collector.lastMetricsResource().orElseThrow().getAttributesList(), "service.name"))
          .hasValue("receiver-test");
    }
  }

  @Test
  void answersTheStatusItIsToldToAndRecovers() {
    SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(collector.endpoint() + "/v1/traces")
        .setRetryPolicy(null).build();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      collector.respondWith(503);
      CompletableResultCode failed = exportOne(SdkTracerProvider.builder().build(), exporter, "refused");
      assertThat(failed.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(collector.spans()).isEmpty();
      assertThat(collector.traceRequests()).isEqualTo(1);

      collector.respondWith(200);
      tracing.get("s").spanBuilder("accepted").startSpan().end();
      collector.awaitSpan("accepted");
    }
  }

  @Test
  void aHangingCollectorLeavesTheExportUnansweredUntilItsTimeout() {
    SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(collector.endpoint() + "/v1/traces")
        .setTimeout(Duration.ofMillis(500)).setRetryPolicy(null).build();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
      collector.hang();
      CompletableResultCode result = exportOne(tracing, exporter, "unanswered");

      assertThat(result.join(30, TimeUnit.SECONDS).isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(collector.traceRequests()).isEqualTo(1);
      assertThat(collector.spans()).isEmpty();
    } finally {
      exporter.shutdown();
    }
  }

  private static CompletableResultCode exportOne(SdkTracerProvider tracing, SpanExporter exporter, String name) {
    var span = tracing.get("s").spanBuilder(name).startSpan();
    span.end();
    return exporter.export(java.util.List.of(((io.opentelemetry.sdk.trace.ReadableSpan) span).toSpanData()));
  }
}
