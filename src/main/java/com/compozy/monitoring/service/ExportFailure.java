package com.compozy.monitoring.service;

import java.time.Instant;
import java.util.Objects;

/**
 * The last failed push of spans or metrics to their exporter (an OTLP collector that was down,
 * too slow or answered 5xx), as the {@code monitoring} readiness check reports it. The SDK's own
 * throttled log lines say why.
 *
 * @param signal {@value #SPANS} or {@value #METRICS}
 * @param at when the export failed, on the service's {@link MonitoringService#clock() clock}
 */
public record ExportFailure(String signal, Instant at) {
  public static final String SPANS = "spans";
  public static final String METRICS = "metrics";

  public ExportFailure {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(at, "at");
  }
}
