package com.compozy.monitoring.temporal;

import com.compozy.monitoring.internal.ChosenSpanIds;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The span id generator that lets a workflow's {@code RunWorkflow} span keep one id for the whole
 * run, whichever worker replays it, for an application that builds its own tracer provider:
 *
 * <pre>{@code
 * SdkTracerProvider tracing = SdkTracerProvider.builder()
 *     .setIdGenerator(WorkflowSpanIds.idGenerator())
 *     .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
 *     .build();
 * }</pre>
 *
 * <p>The tracer provider the service builds from the {@code otel.*} settings has it already.
 * Without it, workflow spans are still exported once each, but a run's {@code StartActivity} spans
 * hang from the client's span instead of from {@code RunWorkflow} (logged once).
 *
 * <p>Why: a run can last days and move between workers, so its span cannot stay open in memory.
 * It is recorded once, when the run ends live, with the run's start time; spans recorded before
 * (by any worker) name it as their parent by the id that the run id determines. Every other span
 * gets random ids.
 */
public final class WorkflowSpanIds {
  private WorkflowSpanIds() {}

  /** The generator to set on an {@code SdkTracerProviderBuilder}. */
  public static IdGenerator idGenerator() {
    return ChosenSpanIds.idGenerator();
  }
}
