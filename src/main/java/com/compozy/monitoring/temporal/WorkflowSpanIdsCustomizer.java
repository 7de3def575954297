package com.compozy.monitoring.temporal;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * Not API: registered in {@code META-INF/services}, so that a tracer provider built by
 * OpenTelemetry's SDK autoconfigure uses {@link WorkflowSpanIds}. It runs first, so that an
 * application's own customizer choosing another id generator (AWS X-Ray's, say) still wins.
 * Loads no Temporal class: harmless in an application without Temporal.
 */
public final class WorkflowSpanIdsCustomizer implements AutoConfigurationCustomizerProvider {
  @Override
  public void customize(AutoConfigurationCustomizer autoConfiguration) {
    autoConfiguration.addTracerProviderCustomizer(
        (builder, config) -> builder.setIdGenerator(WorkflowSpanIds.idGenerator()));
  }

  @Override
  public int order() {
    return Integer.MIN_VALUE;
  }
}
