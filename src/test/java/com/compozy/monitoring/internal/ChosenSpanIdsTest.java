package com.compozy.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

class ChosenSpanIdsTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  @Test
  void theChosenSpanGetsItsIdsAndTheNextOneRandomIds() {
    try (SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(ChosenSpanIds.idGenerator()).build()) {
      Tracer tracer = provider.get("test");
      Span chosen = ChosenSpanIds.start(tracer.spanBuilder("run").setNoParent(), TRACE_ID, SPAN_ID);
      Span next = tracer.spanBuilder("next").setNoParent().startSpan();

      assertThat(chosen.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
      assertThat(chosen.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
      assertThat(next.getSpanContext().getSpanId()).isNotEqualTo(SPAN_ID);
      assertThat(next.getSpanContext().getTraceId()).isNotEqualTo(TRACE_ID);
      assertThat(next.getSpanContext().isValid()).isTrue();
      chosen.end();
      next.end();
    }
  }

  @Test
  void aChildKeepsItsParentsTraceAndGetsTheChosenSpanId() {
    try (SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(ChosenSpanIds.idGenerator()).build()) {
      Tracer tracer = provider.get("test");
      Span parent = tracer.spanBuilder("parent").startSpan();
      Span child = ChosenSpanIds.start(
          tracer.spanBuilder("child").setParent(Context.root().with(parent)), TRACE_ID, SPAN_ID);

      assertThat(child.getSpanContext().getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(child.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
      child.end();
      parent.end();
    }
  }

  @Test
  void aProviderWithItsOwnGeneratorKeepsItsIds() {
    try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
      Span span = ChosenSpanIds.start(provider.get("test").spanBuilder("run").setNoParent(), TRACE_ID, SPAN_ID);
      assertThat(span.getSpanContext().getSpanId()).isNotEqualTo(SPAN_ID);
      assertThat(span.getSpanContext().isValid()).isTrue();
      span.end();
    }
  }
}
