package com.compozy.monitoring.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * A span id generator that gives random ids, except to a span started through {@link #start}, which
 * gets the ids its caller chose. OpenTelemetry's SDK takes span ids only from its
 * {@link IdGenerator}; the Temporal tracing needs a run's span id to follow from the run id, so that
 * any worker can name that span as a parent before it is recorded.
 *
 * <p>The service's autoconfigured tracer provider is built with it; an application that builds its
 * own provider sets it through {@code WorkflowSpanIds.idGenerator()}.
 */
public final class ChosenSpanIds implements IdGenerator {
  private static final ChosenSpanIds INSTANCE = new ChosenSpanIds(IdGenerator.random());
  /** The ids chosen for the next span started on this thread: {trace id or null, span id}. */
  private static final ThreadLocal<String[]> CHOSEN = new ThreadLocal<>();

  private final IdGenerator random;

  private ChosenSpanIds(IdGenerator random) {
    this.random = random;
  }

  public static IdGenerator idGenerator() {
    return INSTANCE;
  }

  /**
   * Starts {@code builder}'s span with {@code spanId} and, when it has no parent, {@code traceId},
   * if the provider uses this generator; with the provider's own ids otherwise.
   */
  public static Span start(SpanBuilder builder, String traceId, String spanId) {
    CHOSEN.set(new String[] {traceId, spanId});
    try {
      return builder.startSpan();
    } finally {
      CHOSEN.remove();
    }
  }

  @Override
  public String generateSpanId() {
    String[] chosen = CHOSEN.get();
    if (chosen != null && chosen[1] != null) {
      String spanId = chosen[1];
      chosen[1] = null; // one span only, even if a span processor starts another one
      return spanId;
    }
    return random.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    String[] chosen = CHOSEN.get();
    if (chosen != null && chosen[0] != null) {
      String traceId = chosen[0];
      chosen[0] = null;
      return traceId;
    }
    return random.generateTraceId();
  }

  @Override
  public String toString() {
    return "ChosenSpanIds";
  }
}
