package com.compozy.monitoring.temporal;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.interceptors.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries an OpenTelemetry context in a Temporal header: the propagators' fields as one JSON map
 * under {@code _tracer-data}, the key and shape Temporal's own tracing modules use (Java's
 * OpenTracing module, and the OpenTelemetry interceptors of the Go, TypeScript and Python SDKs), so
 * a workflow started here can be traced by a worker written with one of them, and the other way
 * round. Written and read with Jackson's streaming API (which the Temporal SDK brings) rather
 * than through a {@code DataConverter}: the same {@code json/plain} payload at a fraction of the
 * cost, on every activity attempt.
 */
final class TracingHeaders {
  static final String KEY = "_tracer-data";
  private static final JsonFactory JSON = new JsonFactory();
  private static final ByteString JSON_PLAIN = ByteString.copyFromUtf8("json/plain");

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
    Map<String, String> fields = new LinkedHashMap<>(4);
    propagator.inject(context, fields, Map::put);
    if (fields.isEmpty()) {
      return;
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream(96);
    try (JsonGenerator generator = JSON.createGenerator(json)) {
      generator.writeStartObject();
      for (Map.Entry<String, String> field : fields.entrySet()) {
        generator.writeStringField(field.getKey(), field.getValue());
      }
      generator.writeEndObject();
    } catch (IOException cannotHappen) {
      return; // writing to memory
    }
    header.getValues().put(KEY, Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, JSON_PLAIN)
        .setData(ByteString.copyFrom(json.toByteArray()))
        .build());
  }

  /** The context in {@code header}; the root context when there is none or it cannot be read. */
  Context extract(Header header) {
    Payload payload = header.getValues().get(KEY);
    if (payload == null || !JSON_PLAIN.equals(payload.getMetadataMap().get(EncodingKeys.METADATA_ENCODING_KEY))) {
      return Context.root();
    }
    // written by anyone: only a flat object's string fields count
    Map<String, String> fields = new HashMap<>(4);
    try (JsonParser parser = JSON.createParser(payload.getData().toByteArray())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Context.root();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (parser.nextToken() == JsonToken.VALUE_STRING) {
          fields.put(name, parser.getText());
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException unreadable) {
      return Context.root();
    }
    return propagator.extract(Context.root(), fields, GETTER);
  }
}
