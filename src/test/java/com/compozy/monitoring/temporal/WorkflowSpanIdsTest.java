package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ids of workflow run spans: chosen when the provider uses the generator, which autoconfigure does. */
class WorkflowSpanIdsTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  @Test
  void anAutoconfiguredProviderStartsTheChosenSpanWithItsIdsAndOthersWithRandomOnes() {
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none"))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    try {
      Tracer tracer = sdk.getTracer("test");
      Span chosen = WorkflowSpanIds.start(tracer.spanBuilder("run").setNoParent(), TRACE_ID, SPAN_ID);
      assertThat(chosen.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
      assertThat(chosen.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
      Span next = tracer.spanBuilder("next").setNoParent().startSpan();
      assertThat(next.getSpanContext().getSpanId()).isNotEqualTo(SPAN_ID);
      assertThat(next.getSpanContext().getTraceId()).isNotEqualTo(TRACE_ID);
      chosen.end();
      next.end();
    } finally {
      sdk.close();
    }
  }

  @Test
  void aProviderWithItsOwnGeneratorKeepsItsIds() {
    try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
      Span span = WorkflowSpanIds.start(provider.get("test").spanBuilder("run").setNoParent(), TRACE_ID, SPAN_ID);
      assertThat(span.getSpanContext().getSpanId()).isNotEqualTo(SPAN_ID);
      assertThat(span.getSpanContext().isValid()).isTrue();
      span.end();
    }
  }

  @Test
  void runIdsGiveValidIdsThatDifferPerRun() {
    assertThat(TemporalTracing.runSpanId("run-1")).hasSize(16).isNotEqualTo(TemporalTracing.runSpanId("run-2"))
        .isEqualTo(TemporalTracing.runSpanId("run-1"));
    assertThat(TemporalTracing.runTraceId("run-1")).hasSize(32).matches("[0-9a-f]{31}[13579bdf]");
  }
}
