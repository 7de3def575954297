package com.compozy.monitoring.mpmetrics;

import java.util.Map;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * MicroProfile Metrics units as the UCUM units OpenTelemetry's Prometheus exporter knows, so that
 * a unit becomes the same name suffix MicroProfile Metrics' own output has ({@code bytes} →
 * {@code By} → {@code _bytes}). A unit not in the table is passed on as it is; the exporter then
 * appends it, sanitized, as the suffix.
 */
final class Units {
  private static final Map<String, String> UCUM = Map.ofEntries(
      Map.entry(MetricUnits.BITS, "bit"),
      Map.entry(MetricUnits.KILOBITS, "kbit"),
      Map.entry(MetricUnits.MEGABITS, "Mbit"),
      Map.entry(MetricUnits.GIGABITS, "Gbit"),
      Map.entry(MetricUnits.KIBIBITS, "Kibit"),
      Map.entry(MetricUnits.MEBIBITS, "Mibit"),
      Map.entry(MetricUnits.GIBIBITS, "Gibit"),
      Map.entry(MetricUnits.BYTES, "By"),
      Map.entry(MetricUnits.KILOBYTES, "kBy"),
      Map.entry(MetricUnits.MEGABYTES, "MBy"),
      Map.entry(MetricUnits.GIGABYTES, "GBy"),
      Map.entry(MetricUnits.NANOSECONDS, "ns"),
      Map.entry(MetricUnits.MICROSECONDS, "us"),
      Map.entry(MetricUnits.MILLISECONDS, "ms"),
      Map.entry(MetricUnits.SECONDS, "s"),
      Map.entry(MetricUnits.MINUTES, "min"),
      Map.entry(MetricUnits.HOURS, "h"),
      Map.entry(MetricUnits.DAYS, "d"),
      Map.entry(MetricUnits.PERCENT, "%"),
      Map.entry(MetricUnits.PER_SECOND, "1/s"));

  private Units() {}

  /** The OpenTelemetry unit for {@code unit}; empty for none. */
  static String otel(String unit) {
    if (unit == null || unit.isBlank() || MetricUnits.NONE.equals(unit)) {
      return "";
    }
    return UCUM.getOrDefault(unit, unit);
  }
}
