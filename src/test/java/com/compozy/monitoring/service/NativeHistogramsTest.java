package com.compozy.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.testing.ProtobufScrape;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeHistogramsTest {
  private final MonitoringService classic = MonitoringService.create(MonitoringConfig.builder().enabled(true)
      .systemEnabled(false).jvmEnabled(false).build());
  private final MonitoringService both = MonitoringService.create(MonitoringConfig.builder().enabled(true)
      .systemEnabled(false).jvmEnabled(false).nativeHistograms(true).build());

  @AfterEach
  void shutdown() {
    classic.shutdown();
    both.shutdown();
  }

  private static void record(MonitoringService service) {
    DoubleHistogram latency = service.meter().histogramBuilder("compozy_latency").setUnit("s")
        .setDescription("Latency").setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0)).build();
    Attributes route = Attributes.of(AttributeKey.stringKey("route"), "/orders");
    latency.record(0.05, route);
    latency.record(0.5, route);
    latency.record(0.7, route);
    latency.record(3, Attributes.of(AttributeKey.stringKey("route"), "/users"));
    service.meter().counterBuilder("compozy_orders").build().add(4);
  }

  private static Metrics.MetricFamily protobuf(MonitoringService service) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusProtobufWriter().write(out, service.prometheusRegistry().orElseThrow().scrape());
    return ProtobufScrape.parse(out.toByteArray(), false).family("compozy_latency_seconds");
  }

  @Test
  void theTextFormatIsTheSameAsWithoutNativeHistograms() {
    record(classic);
    record(both);

    assertThat(Scrape.of(both).samples()).isEqualTo(Scrape.of(classic).samples());
  }

  @Test
  void protobufCarriesTheClassicBucketsAndTheNativeHistogramInOneSeries() throws Exception {
    record(both);

    Metrics.MetricFamily family = protobuf(both);

    assertThat(family.getMetricCount()).isEqualTo(2);
    Metrics.Histogram orders = family.getMetricList().stream()
        .filter(m -> m.getLabel(0).getValue().equals("/orders")).findFirst().orElseThrow().getHistogram();
    assertThat(orders.getSampleCount()).isEqualTo(3);
    assertThat(orders.getSampleSum()).isEqualTo(1.25);
    assertThat(orders.getBucketList()).extracting(Metrics.Bucket::getUpperBound, Metrics.Bucket::getCumulativeCount)
        .startsWith(org.assertj.core.groups.Tuple.tuple(0.1, 1L), org.assertj.core.groups.Tuple.tuple(1.0, 3L));
    assertThat(orders.getSchema()).isBetween(-4, 8);
    long nativeCount = orders.getZeroCount() + orders.getPositiveDeltaList().stream()
        .reduce(new long[2], (acc, delta) -> new long[] {acc[0] + delta, acc[1] + acc[0] + delta}, (a, b) -> a)[1];
    assertThat(nativeCount).isEqualTo(3);
    assertThat(orders.getPositiveSpanCount()).isPositive();
  }

  @Test
  void withoutTheSwitchProtobufHasClassicBucketsOnly() throws Exception {
    record(classic);

    Metrics.Histogram orders = protobuf(classic).getMetric(0).getHistogram();

    assertThat(orders.getPositiveSpanCount()).isZero();
    assertThat(orders.getBucketCount()).isPositive();
  }

  @Test
  void aPointOutOfStepIsServedClassicOnlyWhenLenientAndRefusedOtherwise() {
    Labels labels = Labels.of("route", "/orders");
    HistogramDataPointSnapshot classicPoint = new HistogramDataPointSnapshot(
        ClassicHistogramBuckets.of(List.of(1.0, Double.POSITIVE_INFINITY), List.of(2L, 0L)), 1.0, labels,
        Exemplars.EMPTY, 0L);
    HistogramDataPointSnapshot nativeAhead = new HistogramDataPointSnapshot(0, 0L, 0.0,
        NativeHistogramBuckets.of(List.of(0), List.of(3L)), NativeHistogramBuckets.EMPTY, 1.5, labels,
        Exemplars.EMPTY, 0L);
    MetricMetadata metadata = new MetricMetadata("compozy_latency_seconds");
    MetricSnapshots classicSnapshots = MetricSnapshots.of(new HistogramSnapshot(metadata, List.of(classicPoint)));
    MetricSnapshots nativeSnapshots = MetricSnapshots.of(new HistogramSnapshot(metadata, List.of(nativeAhead)));

    assertThat(NativeHistograms.merge(classicSnapshots, nativeSnapshots, false)).isNull();
    HistogramDataPointSnapshot served = ((HistogramSnapshot) NativeHistograms.merge(classicSnapshots,
        nativeSnapshots, true).get(0)).getDataPoints().get(0);
    assertThat(served.hasNativeHistogramData()).isFalse();
    assertThat(served.getCount()).isEqualTo(2);
  }
}
