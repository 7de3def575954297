package com.example.orders;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.MonitoringExtension;
import com.compozy.monitoring.testing.RecordedHistogram;
import com.compozy.monitoring.testing.RecordedMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// README "Testing": the extension and reading values back (ReadmeSnippetsTest keeps them equal)
@ExtendWith(MonitoringExtension.class)
class OrderMetricsTest {
  @Test
  void countsAndTimesOrders(MonitoringService monitoring, RecordedMetrics metrics) {
    Meter meter = monitoring.meter(); // what @Inject Meter gives the application
    LongCounter processed = meter.counterBuilder("orders_processed_total").build();
    DoubleHistogram latency = meter.histogramBuilder("order_latency_seconds").setUnit("s")
        .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0)).build();

    processed.add(1, Attributes.of(stringKey("status"), "completed"));
    latency.record(0.3, Attributes.of(stringKey("status"), "completed"));

    assertEquals(1, metrics.counter("orders_processed_total", "status", "completed"));
    RecordedHistogram histogram = metrics.histogram("order_latency_seconds", "status", "completed");
    assertEquals(1, histogram.count());
    assertEquals(0.3, histogram.sum());
    assertEquals(List.of(0L, 1L, 0L, 0L), histogram.bucketCounts());
    assertEquals(1, histogram.countAtMost(0.5)); // Prometheus' order_latency_seconds_bucket{le="0.5"}
    assertTrue(metrics.scrape().contains("orders_processed_total{status=\"completed\"} 1.0\n"));

    // a series that does not exist fails, naming those that do, never a silent 0:
    // "Metric 'orders_processed_total' has no series {status=failed}. Its series: {status=completed}=1.0"
    assertThrows(AssertionError.class, () -> metrics.counter("orders_processed_total", "status", "failed"));
  }
}
