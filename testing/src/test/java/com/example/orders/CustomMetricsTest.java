package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedHistogram;
import com.compozy.monitoring.testing.RecordedMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An application's own instruments, on the service the extension gives each test. */
@ExtendWith(MonitoringExtension.class)
class CustomMetricsTest {
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  private static final AttributeKey<Long> ITEMS = AttributeKey.longKey("items");

  /** An application class with its own metrics, as a user would write it. */
  static final class Orders {
    private final LongCounter processed;
    private final DoubleHistogram latency;
    private final LongUpDownCounter open;

    Orders(Meter meter) {
      processed = meter.counterBuilder("orders_processed_total").setDescription("Orders processed").build();
      latency = meter.histogramBuilder("order_latency_seconds").setDescription("Order latency").setUnit("s")
          .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0)).build();
      open = meter.upDownCounterBuilder("orders_open").setDescription("Orders in progress").build();
    }

    void process(String status, double seconds) {
      open.add(1);
      processed.add(1, Attributes.of(STATUS, status));
      latency.record(seconds, Attributes.of(STATUS, status));
      open.add(-1);
    }

    void received() {
      open.add(1);
    }
  }

  private Orders orders;

  @BeforeEach
  void createOrders(MonitoringService monitoring) {
    orders = new Orders(monitoring.meter());
  }

  @Test
  void counterIsReadPerAttributeSet(RecordedMetrics metrics) {
    orders.process("completed", 0.2);
    orders.process("completed", 0.3);
    orders.process("failed", 0.05);

    assertEquals(2, metrics.counter("orders_processed_total", "status", "completed"));
    assertEquals(1, metrics.counter("orders_processed_total", Attributes.of(STATUS, "failed")));
  }

  @Test
  void histogramGivesCountSumAndBuckets(RecordedMetrics metrics) {
    orders.process("completed", 0.05);
    orders.process("completed", 0.25);
    orders.process("completed", 0.75);
    orders.process("completed", 2.0);

    RecordedHistogram latency = metrics.histogram("order_latency_seconds", "status", "completed");
    assertEquals(4, latency.count());
    assertEquals(3.05, latency.sum(), 1e-9);
    assertEquals(List.of(0.1, 0.5, 1.0), latency.boundaries());
    assertEquals(List.of(1L, 1L, 1L, 1L), latency.bucketCounts());
    assertEquals(2, latency.countAtMost(0.5));
    assertEquals(4, latency.countAtMost(Double.POSITIVE_INFINITY));
    AssertionError noSuchBucket = assertThrows(AssertionError.class, () -> latency.countAtMost(0.25));
    assertEquals("No bucket with upper bound 0.25; the boundaries are [0.1, 0.5, 1.0]", noSuchBucket.getMessage());
  }

  @Test
  void upDownCounterIsReadAsAGauge(RecordedMetrics metrics) {
    orders.received();
    orders.received();
    orders.process("completed", 0.1);

    assertEquals(2, metrics.gauge("orders_open"));
  }

  @Test
  void missingSeriesFailsListingTheSeriesThatExist(RecordedMetrics metrics) {
    orders.process("completed", 0.2);
    orders.process("failed", 0.2);

    AssertionError error = assertThrows(AssertionError.class,
        () -> metrics.counter("orders_processed_total", "status", "canceled"));
    assertEquals("Metric 'orders_processed_total' has no series {status=canceled}. "
        + "Its series: {status=completed}=1.0, {status=failed}=1.0", error.getMessage());

    AssertionError partial = assertThrows(AssertionError.class, () -> metrics.counter("orders_processed_total"));
    assertTrue(partial.getMessage().startsWith("Metric 'orders_processed_total' has no series {}."),
        partial.getMessage());
  }

  @Test
  void missingMetricFailsListingTheMetricsThatExist(RecordedMetrics metrics) {
    orders.process("completed", 0.2);

    AssertionError error = assertThrows(AssertionError.class, () -> metrics.counter("orders_shipped_total"));
    assertEquals("No metric 'orders_shipped_total' was recorded (an instrument appears with its first recording). "
        + "Recorded metrics: [order_latency_seconds, orders_open, orders_processed_total]", error.getMessage());
  }

  @Test
  void metricDataIsThereForAssertionsBeyondValues(RecordedMetrics metrics) {
    orders.process("completed", 0.2);

    MetricData latency = metrics.metric("order_latency_seconds");
    assertEquals("Order latency", latency.getDescription());
    assertEquals("s", latency.getUnit());
    assertEquals(MetricDataType.HISTOGRAM, latency.getType());
  }

  @Test
  void metricDataWorksWithTheSdksAssertJAssertions(RecordedMetrics metrics) {
    orders.process("completed", 0.2);
    orders.process("completed", 0.3);

    OpenTelemetryAssertions.assertThat(metrics.metric("orders_processed_total"))
        .hasDescription("Orders processed")
        .hasLongSumSatisfying(sum -> sum.isMonotonic().hasPointsSatisfying(
            point -> point.hasValue(2).hasAttributes(Attributes.of(STATUS, "completed"))));
  }

  @Test
  void prometheusNameOfACounterPointsToTheInstrumentsName(MonitoringService monitoring, RecordedMetrics metrics) {
    monitoring.meter().counterBuilder("orders_shipped").build().add(1);

    AssertionError error = assertThrows(AssertionError.class, () -> metrics.counter("orders_shipped_total"));
    assertEquals("No metric 'orders_shipped_total' was recorded (an instrument appears with its first recording). "
        + "Lookups take the instrument's name: 'orders_shipped' (Prometheus adds _total). "
        + "Recorded metrics: [orders_shipped]", error.getMessage());
  }

  @Test
  void instrumentOfAnotherKindIsNamedAsSuch(RecordedMetrics metrics) {
    orders.process("completed", 0.2);

    AssertionError error = assertThrows(AssertionError.class,
        () -> metrics.counter("order_latency_seconds", "status", "completed"));
    assertEquals("Metric 'order_latency_seconds' is a histogram, not a counter", error.getMessage());
  }

  @Test
  void attributesOfOtherTypesMatchByTheirText(MonitoringService monitoring, RecordedMetrics metrics) {
    LongCounter batches = monitoring.meter().counterBuilder("order_batches_total").build();
    batches.add(3, Attributes.of(ITEMS, 12L));

    assertEquals(3, metrics.counter("order_batches_total", "items", "12"));
  }

  @Test
  void scrapeIsThePrometheusTextTheEndpointServes(RecordedMetrics metrics) {
    orders.process("completed", 0.2);

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("# TYPE orders_processed_total counter\n"), scrape);
    assertTrue(scrape.contains("orders_processed_total{status=\"completed\"} 1.0\n"), scrape);
    assertTrue(scrape.contains("order_latency_seconds_bucket{status=\"completed\",le=\"0.5\"} 1\n"), scrape);
  }

  /** Each repetition is a new test with a new service: nothing carries over, nothing needs a reset. */
  @RepeatedTest(2)
  void eachTestStartsFromNothing(RecordedMetrics metrics) {
    orders.process("completed", 0.2);

    assertEquals(1, metrics.counter("orders_processed_total", "status", "completed"));
  }
}
