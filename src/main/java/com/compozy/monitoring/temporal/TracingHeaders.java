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
    String json = payload.getData().toStringUtf8();
    Map<String, String> fields = FlatJson.stringFields(json);
    if (fields == null) {
      fields = withJackson(json);
    }
    if (fields == null) {
      return Context.root();
    }
    return propagator.extract(Context.root(), fields, GETTER);
  }

  /** Jackson for what {@link FlatJson} leaves: numbers, nested values; null if it is no object. */
  private static Map<String, String> withJackson(String json) {
    Map<String, String> fields = new HashMap<>(4);
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
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
      return null;
    }
    return fields;
  }

  /**
   * The common header, a flat object of strings ({@code {"traceparent":"00-..."}}), read without
   * a parser (Jackson's costs about a microsecond per attempt just to be created); null for
   * anything else, which Jackson then reads.
   */
  static final class FlatJson {
    private final String json;
    private int at;

    private FlatJson(String json) {
      this.json = json;
    }

    static Map<String, String> stringFields(String json) {
      return new FlatJson(json).object();
    }

    private Map<String, String> object() {
      Map<String, String> fields = new HashMap<>(4);
      if (!next('{')) {
        return null;
      }
      if (next('}')) {
        return end() ? fields : null;
      }
      do {
        String name = string();
        if (name == null || !next(':')) {
          return null;
        }
        String value = string();
        if (value == null) {
          return null;
        }
        fields.put(name, value);
      } while (next(','));
      return next('}') && end() ? fields : null;
    }

    private boolean end() {
      skipSpace();
      return at == json.length();
    }

    private boolean next(char expected) {
      skipSpace();
      if (at < json.length() && json.charAt(at) == expected) {
        at++;
        return true;
      }
      return false;
    }

    private void skipSpace() {
      while (at < json.length() && (json.charAt(at) == ' ' || json.charAt(at) == '\n' || json.charAt(at) == '\r'
          || json.charAt(at) == '\t')) {
        at++;
      }
    }

    private String string() {
      if (!next('"')) {
        return null;
      }
      StringBuilder text = null;
      int from = at;
      while (at < json.length()) {
        char c = json.charAt(at);
        if (c == '"') {
          String last = json.substring(from, at++);
          return text == null ? last : text.append(last).toString();
        }
        if (c < 0x20) {
          return null;
        }
        if (c != '\\') {
          at++;
          continue;
        }
        if (text == null) {
          text = new StringBuilder();
        }
        text.append(json, from, at);
        if (++at >= json.length()) {
          return null;
        }
        char escaped = json.charAt(at++);
        switch (escaped) {
          case '"', '\\', '/' -> text.append(escaped);
          case 'b' -> text.append('\b');
          case 'f' -> text.append('\f');
          case 'n' -> text.append('\n');
          case 'r' -> text.append('\r');
          case 't' -> text.append('\t');
          case 'u' -> {
            if (at + 4 > json.length()) {
              return null;
            }
            try {
              text.append((char) Integer.parseInt(json.substring(at, at + 4), 16));
            } catch (NumberFormatException notHex) {
              return null;
            }
            at += 4;
          }
          default -> {
            return null;
          }
        }
        from = at;
      }
      return null;
    }
  }
}
