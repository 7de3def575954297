package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code _tracer-data} header: what Temporal's other SDKs write and read, and nothing breaks on garbage. */
class TracingHeadersTest {
  private static final SpanContext SPAN = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
      TraceFlags.getSampled(), TraceState.builder().put("vendor", "t61rcWkgMzE").build());
  private final TracingHeaders headers = new TracingHeaders(TextMapPropagator.composite(
      W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  @Test
  void aContextWithStateAndBaggageSurvivesTheRoundTrip() {
    Context context = Context.root().with(Span.wrap(SPAN))
        .with(Baggage.builder().put("tenant", "acme \"west\"").build());
    Header header = Header.empty();
    headers.inject(context, header);

    Context read = headers.extract(header);
    assertThat(Span.fromContext(read).getSpanContext().getSpanId()).isEqualTo(SPAN.getSpanId());
    assertThat(Span.fromContext(read).getSpanContext().getTraceState().get("vendor")).isEqualTo("t61rcWkgMzE");
    assertThat(Baggage.fromContext(read).getEntryValue("tenant")).isEqualTo("acme \"west\"");
    // the same JSON map the data converter would give, so other SDKs read it
    @SuppressWarnings("unchecked")
    Map<String, String> fields = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        header.getValues().get(TracingHeaders.KEY), Map.class, Map.class);
    assertThat(fields).containsOnlyKeys("traceparent", "tracestate", "baggage");
  }

  @Test
  void aHeaderWrittenByTheDataConverterIsRead() {
    Header header = new Header(Map.of(TracingHeaders.KEY, DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).orElseThrow()));
    assertThat(Span.fromContext(headers.extract(header)).getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void noContextWritesNoHeader() {
    Header header = Header.empty();
    headers.inject(Context.root(), header);
    assertThat(header.getValues()).isEmpty();
    assertThat(headers.extract(header)).isSameAs(Context.root());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "{\"traceparent\":1}", "{\"traceparent\":{\"a\":\"b\"}}",
      "{\"traceparent\":\"garbage\"}", "{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c"})
  void anUnreadableHeaderIsNoContext(String json) {
    Header header = new Header(Map.of(TracingHeaders.KEY, Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain")).setData(ByteString.copyFromUtf8(json)).build()));
    assertThat(Span.fromContext(headers.extract(header)).getSpanContext().isValid()).isFalse();
  }

  @Test
  void aPayloadInAnotherEncodingIsNoContext() {
    Header header = new Header(Map.of(TracingHeaders.KEY, Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("binary/protobuf"))
        .setData(ByteString.copyFromUtf8("{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}"))
        .build()));
    assertThat(Span.fromContext(headers.extract(header)).getSpanContext().isValid()).isFalse();
  }
}
