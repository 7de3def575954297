package com.compozy.monitoring.testing;

import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a test's {@link MonitoringService} recorded, read back in the terms the metrics were written
 * in: the instrument's name and the attributes of the recording.
 *
 * <pre>{@code
 * LongCounter processed = monitoring.meter().counterBuilder("orders_processed_total").build();
 * processed.add(2, Attributes.of(AttributeKey.stringKey("status"), "completed"));
 *
 * assertEquals(2, metrics.counter("orders_processed_total", "status", "completed"));
 * RecordedHistogram latency = metrics.histogram("order_latency_seconds", "type", "express");
 * assertEquals(3, latency.count());
 * assertTrue(metrics.scrape().contains("orders_processed_total{status=\"completed\"} 2.0"));
 * }</pre>
 *
 * <p>A lookup names one series exactly: every attribute, no more and no fewer, given as name/value
 * pairs ({@code "http.status_code", "200"} matches a long attribute 200 too) or as the
 * {@code Attributes} the application recorded with. A series that does not exist is an
 * {@code AssertionError} that lists the series that do, never a silent 0: an instrument appears with
 * its first recording, so to assert that nothing was counted, assert that the lookup fails.
 *
 * <p>Each lookup collects afresh, as a scrape does: asynchronous gauges run their callbacks then
 * (the dispatcher health gauges evaluate staleness on the service's clock), and values are
 * cumulative since the service started. Values come from the OpenTelemetry SDK's
 * {@code InMemoryMetricReader}, beside the service's Prometheus registry; {@link #scrape()} renders
 * that registry with client_java's own text writer.
 */
public final class RecordedMetrics {
  private final MonitoringService service;
  private final InMemoryMetricReader reader;

  RecordedMetrics(MonitoringService service, InMemoryMetricReader reader) {
    this.service = service;
    this.reader = reader;
  }

  /** The value of a counter (a monotonic sum) for the given attribute name/value pairs. */
  public double counter(String name, String... attributes) {
    return counter(name, pairs(attributes));
  }

  /** The value of a counter for exactly {@code attributes}. */
  public double counter(String name, Attributes attributes) {
    return counter(name, strings(attributes));
  }

  /**
   * The value of a gauge, or of an up-down counter, for the given attribute name/value pairs. Also
   * finds the gauges the library serves from the Prometheus registry directly (such as
   * {@code compozy_temporal_workers_running_total}), by their Prometheus name and labels.
   */
  public double gauge(String name, String... attributes) {
    return gauge(name, pairs(attributes));
  }

  /** As {@link #gauge(String, String...)}, for exactly {@code attributes}. */
  public double gauge(String name, Attributes attributes) {
    return gauge(name, strings(attributes));
  }

  /** A histogram's count, sum and buckets for the given attribute name/value pairs. */
  public RecordedHistogram histogram(String name, String... attributes) {
    return histogram(name, pairs(attributes));
  }

  /** A histogram's count, sum and buckets for exactly {@code attributes}. */
  public RecordedHistogram histogram(String name, Attributes attributes) {
    return histogram(name, strings(attributes));
  }

  /**
   * The SDK's data for the metric {@code name}, for assertions beyond values (description, unit,
   * every point), for example with {@code OpenTelemetryAssertions.assertThat} of
   * {@code opentelemetry-sdk-testing}.
   *
   * @throws AssertionError listing the recorded metrics if there is none of that name
   */
  public MetricData metric(String name) {
    return only(name, collect(), "any kind", metric -> true);
  }

  /**
   * The Prometheus text format (0.0.4) a scrape of the service serves to a client that asks for no
   * other format, written by client_java from the service's registry, as the scrape endpoint does.
   */
  public String scrape() {
    PrometheusRegistry registry = registry();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormats.init(PrometheusProperties.get()).getPrometheusTextFormatWriter()
          .write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private double counter(String name, Map<String, String> attributes) {
    MetricData metric = only(name, collect(), "a counter", RecordedMetrics::isCounter);
    return value(metric, pointFor(metric, attributes));
  }

  private double gauge(String name, Map<String, String> attributes) {
    Collection<MetricData> all = collect();
    if (named(name, all, false).isEmpty()) {
      MetricSnapshot served = servedByRegistry(name);
      if (served != null) {
        return registryValue(served, attributes);
      }
    }
    MetricData metric = only(name, all, "a gauge or up-down counter", RecordedMetrics::isGauge);
    return value(metric, pointFor(metric, attributes));
  }

  private RecordedHistogram histogram(String name, Map<String, String> attributes) {
    MetricData metric = only(name, collect(), "a histogram", m -> m.getType() == MetricDataType.HISTOGRAM);
    HistogramPointData point = (HistogramPointData) pointFor(metric, attributes);
    return new RecordedHistogram(point.getCount(), point.getSum(), point.getBoundaries(), point.getCounts());
  }

  private Collection<MetricData> collect() {
    if (!service.isInitialized()) {
      throw new IllegalStateException("The monitoring service is not initialized, so it records nothing: " + service);
    }
    return reader.collectAllMetrics();
  }

  private PrometheusRegistry registry() {
    return service.prometheusRegistry().orElseThrow(() -> new IllegalStateException(
        "The monitoring service is not initialized, so it serves nothing: " + service));
  }

  private static List<MetricData> named(String name, Collection<MetricData> all, boolean required) {
    List<MetricData> found = all.stream().filter(m -> m.getName().equals(name)).toList();
    if (found.isEmpty() && required) {
      TreeSet<String> names = new TreeSet<>(all.stream().map(MetricData::getName).toList());
      String instrument = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : null;
      String hint = instrument != null && names.contains(instrument)
          ? " Lookups take the instrument's name: '" + instrument + "' (Prometheus adds _total)." : "";
      throw new AssertionError("No metric '" + name + "' was recorded (an instrument appears with its first "
          + "recording)." + hint + " Recorded metrics: " + names);
    }
    return found;
  }

  private static MetricData only(String name, Collection<MetricData> all, String kind,
      Predicate<MetricData> isKind) {
    List<MetricData> found = named(name, all, true);
    for (MetricData metric : found) {
      if (!isKind.test(metric)) {
        throw new AssertionError("Metric '" + name + "' is " + describe(metric) + ", not " + kind);
      }
    }
    if (found.size() > 1) {
      throw new AssertionError("Metric '" + name + "' was recorded in several instrumentation scopes: "
          + found.stream().map(m -> m.getInstrumentationScopeInfo().getName()).toList());
    }
    return found.get(0);
  }

  private static PointData pointFor(MetricData metric, Map<String, String> attributes) {
    for (PointData point : metric.getData().getPoints()) {
      if (strings(point.getAttributes()).equals(attributes)) {
        return point;
      }
    }
    throw new AssertionError("Metric '" + metric.getName() + "' has no series " + attributes
        + ". Its series: " + metric.getData().getPoints().stream()
            .map(p -> strings(p.getAttributes()) + "=" + shown(metric, p))
            .sorted().collect(Collectors.joining(", ")));
  }

  private static double value(MetricData metric, PointData point) {
    return switch (metric.getType()) {
      case LONG_SUM, LONG_GAUGE -> ((LongPointData) point).getValue();
      case DOUBLE_SUM, DOUBLE_GAUGE -> ((DoublePointData) point).getValue();
      default -> throw new AssertionError("Metric '" + metric.getName() + "' is " + describe(metric));
    };
  }

  private static String shown(MetricData metric, PointData point) {
    if (point instanceof HistogramPointData histogram) {
      return "{count=" + histogram.getCount() + ", sum=" + histogram.getSum() + "}";
    }
    return String.valueOf(value(metric, point));
  }

  private static boolean isCounter(MetricData metric) {
    return isSum(metric) && sum(metric).isMonotonic();
  }

  private static boolean isGauge(MetricData metric) {
    return metric.getType() == MetricDataType.LONG_GAUGE || metric.getType() == MetricDataType.DOUBLE_GAUGE
        || isSum(metric) && !sum(metric).isMonotonic();
  }

  private static boolean isSum(MetricData metric) {
    return metric.getType() == MetricDataType.LONG_SUM || metric.getType() == MetricDataType.DOUBLE_SUM;
  }

  private static SumData<?> sum(MetricData metric) {
    return metric.getType() == MetricDataType.LONG_SUM ? metric.getLongSumData() : metric.getDoubleSumData();
  }

  private static String describe(MetricData metric) {
    return switch (metric.getType()) {
      case LONG_SUM, DOUBLE_SUM -> sum(metric).isMonotonic() ? "a counter" : "an up-down counter";
      case LONG_GAUGE, DOUBLE_GAUGE -> "a gauge";
      case HISTOGRAM -> "a histogram";
      default -> "a " + metric.getType();
    };
  }

  /** A gauge the library registers in the Prometheus registry itself, not through OpenTelemetry. */
  private MetricSnapshot servedByRegistry(String name) {
    for (MetricSnapshot snapshot : registry().scrape(name::equals)) {
      if ((snapshot instanceof GaugeSnapshot || snapshot instanceof UnknownSnapshot)
          && snapshot.getMetadata().getPrometheusName().equals(name)) {
        return snapshot;
      }
    }
    return null;
  }

  private static double registryValue(MetricSnapshot snapshot, Map<String, String> labels) {
    List<String> existing = new ArrayList<>();
    for (DataPointSnapshot point : snapshot.getDataPoints()) {
      double value = point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge
          ? gauge.getValue() : ((UnknownSnapshot.UnknownDataPointSnapshot) point).getValue();
      Map<String, String> pointLabels = new TreeMap<>();
      for (Label label : point.getLabels()) {
        pointLabels.put(label.getName(), label.getValue());
      }
      if (pointLabels.equals(labels)) {
        return value;
      }
      existing.add(pointLabels + "=" + value);
    }
    throw new AssertionError("Gauge '" + snapshot.getMetadata().getPrometheusName() + "' has no series " + labels
        + ". Its series: " + existing.stream().sorted().collect(Collectors.joining(", ")));
  }

  private static Map<String, String> pairs(String... attributes) {
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes are name/value pairs: got an odd number, "
          + String.join(", ", attributes));
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < attributes.length; i += 2) {
      map.put(attributes[i], attributes[i + 1]);
    }
    return map;
  }

  private static Map<String, String> strings(Attributes attributes) {
    Map<String, String> map = new TreeMap<>();
    Objects.requireNonNull(attributes, "attributes").forEach((key, value) -> map.put(key.getKey(), String.valueOf(value)));
    return map;
  }
}
