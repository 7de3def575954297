package com.compozy.monitoring.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The helper's two readers agree, and its lookups fail loudly. */
class ScrapeTest {
  private static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");

  /** On a test clock, so that the dispatcher uptime is the same in both reads. */
  private final MonitoringService service = MonitoringService.builder()
      .config(MonitoringConfig.builder().enabled(true).build()).clock(new TestClock()).build();

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private void recordOfEveryKind() {
    var meter = service.meter();
    meter.counterBuilder("compozy_test_orders").setDescription("Orders").build()
        .add(3, Attributes.of(KIND, "quote\" back\\slash\nnewline"));
    meter.counterBuilder("compozy_test_orders").setDescription("Orders").build().add(1, Attributes.of(KIND, "plain"));
    meter.gaugeBuilder("compozy_test_level").setDescription("Level").build().set(0.1);
    meter.upDownCounterBuilder("compozy_test_in_flight").setDescription("In flight").build().add(-2);
    meter.histogramBuilder("compozy_test_latency_seconds").setDescription("Latency").build().record(0.03);
    DispatcherMetrics.of(service).start("d1"); // an untyped registry gauge
  }

  @Test
  void theTextParserReadsWhatTheSnapshotReaderReads() {
    recordOfEveryKind();

    Scrape fromSnapshots = Scrape.of(service);
    Scrape fromText = Scrape.parse(Scrape.text(service));

    assertThat(fromText.samples()).isEqualTo(fromSnapshots.samples());
    assertThat(fromText.families("")).isEqualTo(fromSnapshots.families(""));
    assertThat(fromSnapshots.samples()).extracting(Scrape.Sample::name).contains(
        "compozy_test_orders_total", "compozy_test_level", "compozy_test_in_flight",
        "compozy_test_latency_seconds_bucket", "compozy_test_latency_seconds_count",
        "compozy_test_latency_seconds_sum", "compozy_dispatcher_active_total");
  }

  @Test
  void lookupsAreExactByNameAndFullLabelSet() {
    recordOfEveryKind();
    Scrape scrape = Scrape.of(service);

    assertThat(scrape.value("compozy_test_orders_total", "kind", "quote\" back\\slash\nnewline")).isEqualTo(3);
    assertThat(scrape.value("compozy_test_orders_total", Map.of("kind", "plain"))).isEqualTo(1);
    assertThat(scrape.value("compozy_test_in_flight")).isEqualTo(-2);
    assertThat(scrape.value("compozy_test_latency_seconds_bucket", "le", "5.0")).isEqualTo(1);
    assertThat(scrape.value("compozy_test_latency_seconds_bucket", "le", "0.0")).isZero();
    assertThat(scrape.has("compozy_test_orders_total")).isFalse();
    assertThat(scrape.types("compozy_test_")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "compozy_test_orders_total", "counter", "compozy_test_level", "gauge",
        "compozy_test_in_flight", "gauge", "compozy_test_latency_seconds", "histogram"));
  }

  @Test
  void aMissingSeriesFailsListingTheSeriesThatExistForTheName() {
    recordOfEveryKind();
    Scrape scrape = Scrape.of(service);

    assertThatThrownBy(() -> scrape.value("compozy_test_orders_total", "kind", "missing"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no series compozy_test_orders_total{kind=\"missing\"}")
        .hasMessageContaining("compozy_test_orders_total{kind=\"plain\"} 1.0");
    assertThatThrownBy(() -> scrape.value("compozy_test_orders"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("nothing is named compozy_test_orders")
        .hasMessageContaining("compozy_test_orders_total");
  }

  @Test
  void anIncreaseCountsASeriesMissingBeforeAsZeroButNeverOneMissingAfter() {
    Scrape before = Scrape.of(service);
    recordOfEveryKind();
    Scrape after = Scrape.of(service);

    assertThat(Scrape.increase(before, after, "compozy_test_orders_total", "kind", "plain")).isEqualTo(1);
    assertThatThrownBy(() -> Scrape.increase(after, before, "compozy_test_orders_total", "kind", "plain"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void parsesOpenMetricsTextAndSpecialValues() {
    Scrape scrape = Scrape.parse("# TYPE x gauge\n# HELP x An x\nx{a=\"1\"} +Inf\nx{a=\"2\"} NaN 1712345678\n"
        + "y_total 2.5e3\n# EOF\n");

    assertThat(scrape.value("x", "a", "1")).isInfinite();
    assertThat(scrape.value("x", "a", "2")).isNaN();
    assertThat(scrape.value("y_total")).isEqualTo(2500);
    assertThat(scrape.families("")).containsExactly(new Scrape.Family("x", "gauge", "An x"));
  }
}
