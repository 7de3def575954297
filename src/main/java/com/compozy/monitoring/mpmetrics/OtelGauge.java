package com.compozy.monitoring.mpmetrics;

import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Gauge;

/** A gauge: read at each collection by its family's observable OpenTelemetry gauge. */
final class OtelGauge<T extends Number> implements Gauge<T> {
  private final Supplier<T> value;

  OtelGauge(Supplier<T> value) {
    this.value = value;
  }

  @Override
  public T getValue() {
    return value.get();
  }

  @Override
  public String toString() {
    return "Gauge";
  }
}
