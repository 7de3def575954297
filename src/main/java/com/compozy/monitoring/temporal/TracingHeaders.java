package com.compozy.monitoring.temporal;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries an OpenTelemetry context in a Temporal header: the propagators' fields as one JSON map
 * under {@code _tracer-data}, the key and shape Temporal's own tracing modules use (Java's
 * OpenTracing module, and the OpenTelemetry interceptors of the Go, TypeScript and Python SDKs), so
 * a workflow started here can be traced by a worker written with one of them, and the other way
 * round.
 */
final class TracingHeaders {
  static final String KEY = "_tracer-data";

  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final TextMapPropagator propagator;

  /**
   * With the service's propagators; W3C trace context and baggage when it has none, because the
   * header is the only link between a workflow and its activities: without it every activity
   * would start a trace of its own.
   */
  TracingHeaders(TextMapPropagator configured) {
    this.propagator = configured.fields().isEmpty()
        ? TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())
        : configured;
  }

  void inject(Context context, Header header) {
    Map<String, String> fields = new HashMap<>(4);
    propagator.inject(context, fields, Map::put);
    if (!fields.isEmpty()) {
      DefaultDataConverter.STANDARD_INSTANCE.toPayload(fields).ifPresent(payload -> header.getValues().put(KEY, payload));
    }
  }

  /** The context in {@code header}; the root context when there is none or it cannot be read. */
  Context extract(Header header) {
    Payload payload = header.getValues().get(KEY);
    if (payload == null) {
      return Context.root();
    }
    Map<?, ?> read;
    try {
      read = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Map.class, Map.class);
    } catch (DataConverterException unreadable) {
      return Context.root();
    }
    if (read == null) {
      return Context.root();
    }
    // written by anyone: keep only string fields
    Map<String, String> fields = new HashMap<>(4);
    read.forEach((key, value) -> {
      if (key instanceof String && value instanceof String) {
        fields.put((String) key, (String) value);
      }
    });
    return propagator.extract(Context.root(), fields, GETTER);
  }
}
