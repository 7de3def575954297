package com.compozy.monitoring.temporal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The span id generator that lets a workflow's {@code RunWorkflow} span keep one id for the whole
 * run, whichever worker replays it: random ids, except for the span the Temporal tracing starts
 * with an id derived from the run id.
 *
 * <pre>{@code
 * SdkTracerProvider tracing = SdkTracerProvider.builder()
 *     .setIdGenerator(WorkflowSpanIds.idGenerator())
 *     .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
 *     .build();
 * }</pre>
 *
 * <p>A provider built by OpenTelemetry's SDK autoconfigure gets it without this line: the library
 * registers an autoconfigure customizer. Without it, workflow spans are still exported once each,
 * but a run's {@code StartActivity} spans hang from the client's span instead of from
 * {@code RunWorkflow} (logged once).
 *
 * <p>Why: a run can last days and move between workers, so its span cannot stay open in memory.
 * It is recorded once, when the run ends live, with the run's start time; spans recorded before
 * (by any worker) name it as their parent by the id that the run id determines. OpenTelemetry's SDK
 * takes span ids only from its {@link IdGenerator}.
 */
public final class WorkflowSpanIds implements IdGenerator {
  private static final WorkflowSpanIds INSTANCE = new WorkflowSpanIds(IdGenerator.random());
  /** The ids chosen for the next span started on this thread: {trace id or null, span id}. */
  private static final ThreadLocal<String[]> CHOSEN = new ThreadLocal<>();

  private final IdGenerator random;

  private WorkflowSpanIds(IdGenerator random) {
    this.random = random;
  }

  /** The generator to set on an {@code SdkTracerProviderBuilder}; random ids for every other span. */
  public static IdGenerator idGenerator() {
    return INSTANCE;
  }

  /**
   * Starts {@code builder}'s span with {@code spanId} and, when it has no parent, {@code traceId},
   * if the provider uses this generator; with the provider's own ids otherwise.
   */
  static Span start(SpanBuilder builder, String traceId, String spanId) {
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
    return "WorkflowSpanIds";
  }
}
