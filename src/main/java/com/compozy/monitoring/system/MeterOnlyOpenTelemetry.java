package com.compozy.monitoring.system;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * An {@code OpenTelemetry} whose every meter is the given one, so runtime-telemetry (which asks for
 * an {@code OpenTelemetry}) can record on a bare meter.
 */
final class MeterOnlyOpenTelemetry implements OpenTelemetry, MeterProvider, MeterBuilder {
  private final Meter meter;

  MeterOnlyOpenTelemetry(Meter meter) {
    this.meter = meter;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return TracerProvider.noop();
  }

  @Override
  public ContextPropagators getPropagators() {
    return ContextPropagators.noop();
  }

  @Override
  public MeterProvider getMeterProvider() {
    return this;
  }

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return this;
  }

  @Override
  public MeterBuilder setSchemaUrl(String schemaUrl) {
    return this;
  }

  @Override
  public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
    return this;
  }

  @Override
  public Meter build() {
    return meter;
  }
}
