package com.compozy.monitoring.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MethodSpansTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final MonitoringService service = MonitoringService.builder()
      .config(MonitoringConfig.builder().enabled(true).build())
      .tracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final MethodSpans spans = MethodSpans.of(service);

  public static class Orders {
    @WithSpan
    public String load(@SpanAttribute("order.id") long id, @SpanAttribute String region, String secret,
        @SpanAttribute("order.express") boolean express) {
      return Span.current().getSpanContext().getSpanId();
    }

    @WithSpan(value = "charge card", kind = SpanKind.CLIENT, inheritContext = false)
    public void charge() {
      throw new IllegalStateException("declined");
    }

    @WithSpan
    public CompletableFuture<String> later(CompletableFuture<String> result) {
      return result;
    }

    public void plain() {}
  }

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void aCallIsAChildSpanNamedByClassAndMethodCurrentWhileItRunsWithItsSpanAttributes() throws Exception {
    Span parent = service.tracer().spanBuilder("request").startSpan();
    Object inside;
    try (Scope scope = parent.makeCurrent()) {
      inside = call("load", 42L, "eu-west", "hunter2", true);
    } finally {
      parent.end();
    }

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("Orders.load");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(inside).isEqualTo(span.getSpanId());
    // the unannotated parameter is not recorded; an unnamed one takes its name (compiled with -parameters)
    assertThat(span.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        AttributeKey.longKey("order.id"), 42L,
        AttributeKey.stringKey("region"), "eu-west",
        AttributeKey.booleanKey("order.express"), true));
  }

  @Test
  void anExceptionIsRecordedAndRethrownAndTheAnnotationsNameKindAndNewTraceApply() {
    Span parent = service.tracer().spanBuilder("request").startSpan();
    try (Scope scope = parent.makeCurrent()) {
      assertThatThrownBy(() -> call("charge")).isInstanceOf(IllegalStateException.class).hasMessage("declined");
    } finally {
      parent.end();
    }

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("charge card");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void anAsyncResultEndsTheSpanWhenItCompletes() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    assertThat(call("later", result)).isSameAs(result);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();

    result.completeExceptionally(new java.io.IOException("gone"));

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("Orders.later");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.io.IOException");
  }

  @Test
  void aMethodWithoutTheAnnotationOrAServiceWithoutTracingOnlyProceeds() throws Exception {
    call("plain");
    MonitoringService untraced = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      Method load = method("load");
      assertThat(MethodSpans.of(untraced).invoke(load, new Object[] {1L, "x", "y", false}, () -> "ran"))
          .isEqualTo("ran");
    } finally {
      untraced.shutdown();
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    assertThat(MethodSpans.of(service)).isSameAs(spans);
  }

  private Object call(String name, Object... args) throws Exception {
    Method method = method(name);
    Orders target = new Orders();
    return spans.invoke(method, args, () -> {
      try {
        return method.invoke(target, args);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw (Exception) e.getCause();
      }
    });
  }

  private static Method method(String name) {
    return List.of(Orders.class.getMethods()).stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow();
  }
}
