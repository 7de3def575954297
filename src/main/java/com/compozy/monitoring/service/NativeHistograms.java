package com.compozy.monitoring.service;

import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every histogram both ways in one Prometheus histogram: the classic buckets as configured and an
 * OpenTelemetry base-2 exponential histogram as its native part. OpenTelemetry's Prometheus
 * reader converts a histogram into one or the other, never both, so a second reader on the same
 * instruments aggregates histograms exponentially (and drops everything else), and each scrape
 * merges its points into the classic reader's, series by series. client_java then writes both in
 * the protobuf format and the classic buckets alone in the text formats.
 *
 * <p>The two readers collect one after the other, so a histogram recorded in between has one more
 * observation in one of them; client_java refuses such a pair. The pair is then collected once
 * more, and a point still out of step is served classic only for that scrape.
 */
final class NativeHistograms implements MultiCollector {
  private final PrometheusMetricReader classic;
  private final PrometheusMetricReader exponential;
  private final MetricReader exponentialReader;

  NativeHistograms(PrometheusMetricReader classic) {
    this.classic = classic;
    this.exponential = PrometheusMetricReader.builder()
        .setOtelScopeLabelsEnabled(false).setTargetInfoMetricEnabled(false).build();
    this.exponentialReader = new ExponentialOnly(exponential);
  }

  /** The reader to register beside the classic one. */
  MetricReader reader() {
    return exponentialReader;
  }

  @Override
  public MetricSnapshots collect() {
    MetricSnapshots merged = merge(classic.collect(), exponential.collect(), false);
    return merged != null ? merged : merge(classic.collect(), exponential.collect(), true);
  }

  /** The merged snapshots; null if a point is out of step and {@code lenient} is false. */
  static MetricSnapshots merge(MetricSnapshots classic, MetricSnapshots exponential, boolean lenient) {
    Map<String, HistogramSnapshot> natives = new HashMap<>();
    for (MetricSnapshot snapshot : exponential) {
      if (snapshot instanceof HistogramSnapshot histogram) {
        natives.put(histogram.getMetadata().getPrometheusName(), histogram);
      }
    }
    List<MetricSnapshot> result = new ArrayList<>(classic.size());
    for (MetricSnapshot snapshot : classic) {
      HistogramSnapshot exponentialHistogram = natives.get(snapshot.getMetadata().getPrometheusName());
      if (!(snapshot instanceof HistogramSnapshot histogram) || exponentialHistogram == null) {
        result.add(snapshot);
        continue;
      }
      Map<Labels, HistogramDataPointSnapshot> nativePoints = new HashMap<>();
      exponentialHistogram.getDataPoints().forEach(point -> nativePoints.put(point.getLabels(), point));
      List<HistogramDataPointSnapshot> points = new ArrayList<>(histogram.getDataPoints().size());
      for (HistogramDataPointSnapshot point : histogram.getDataPoints()) {
        HistogramDataPointSnapshot nativePoint = nativePoints.get(point.getLabels());
        if (nativePoint == null || !nativePoint.hasNativeHistogramData() || !point.hasClassicHistogramData()) {
          points.add(point);
        } else if (nativePoint.getCount() == point.getCount()) {
          points.add(new HistogramDataPointSnapshot(point.getClassicBuckets(), nativePoint.getNativeSchema(),
              nativePoint.getNativeZeroCount(), nativePoint.getNativeZeroThreshold(),
              nativePoint.getNativeBucketsForPositiveValues(), nativePoint.getNativeBucketsForNegativeValues(),
              point.getSum(), point.getLabels(), point.getExemplars(), point.getCreatedTimestampMillis()));
        } else if (lenient) {
          points.add(point);
        } else {
          return null;
        }
      }
      result.add(new HistogramSnapshot(histogram.getMetadata(), points));
    }
    return new MetricSnapshots(result);
  }

  /** A reader that aggregates histograms exponentially and ignores every other instrument. */
  private record ExponentialOnly(PrometheusMetricReader delegate) implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {
      delegate.register(registration);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType type) {
      return type == InstrumentType.HISTOGRAM ? Aggregation.base2ExponentialBucketHistogram() : Aggregation.drop();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return delegate.getAggregationTemporality(type);
    }

    @Override
    public MemoryMode getMemoryMode() {
      return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return delegate.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
