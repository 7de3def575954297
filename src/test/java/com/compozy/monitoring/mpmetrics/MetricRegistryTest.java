package com.compozy.monitoring.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricFilter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's methods as applications call them, and what each puts at the scrape endpoint. */
class MetricRegistryTest {
  private static final Map<String, String> APPLICATION = Map.of("mp_scope", "application");

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final MetricRegistry registry = MicroProfileMetrics.of(service).registry();

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private static Map<String, String> application(String... tags) {
    Map<String, String> labels = new java.util.TreeMap<>(APPLICATION);
    for (int i = 0; i < tags.length; i += 2) {
      labels.put(tags[i], tags[i + 1]);
    }
    return labels;
  }

  @Test
  void counterByNameIsGetOrCreateAndScrapedWithTotalAndTheScopeTag() {
    Counter placed = registry.counter("orders.placed");
    placed.inc();
    registry.counter("orders.placed").inc(2);
    registry.counter(new MetricID("orders.placed")).inc(-5); // ignored: a counter only goes up

    assertThat(registry.counter("orders.placed")).isSameAs(placed);
    assertThat(placed.getCount()).isEqualTo(3);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("orders_placed_total")).containsExactly(APPLICATION);
    assertThat(scrape.value("orders_placed_total", APPLICATION)).isEqualTo(3);
    assertThat(scrape.types("orders_placed")).containsEntry("orders_placed_total", "counter");
  }

  @Test
  void tagsAreAttributesAndEachTagSetIsOneSeries() {
    registry.counter("orders.placed", new Tag("channel", "web")).inc();
    registry.counter("orders.placed", new Tag("channel", "shop")).inc(4);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("orders_placed_total"))
        .containsExactlyInAnyOrder(application("channel", "web"), application("channel", "shop"));
    assertThat(scrape.value("orders_placed_total", application("channel", "shop"))).isEqualTo(4);
    assertThat(registry.getMetricIDs()).containsExactly(
        new MetricID("orders.placed", new Tag("channel", "shop")),
        new MetricID("orders.placed", new Tag("channel", "web")));
  }

  @Test
  void metadataGivesHelpAndTheUnitSuffix() {
    registry.counter(Metadata.builder().withName("payload.received").withDescription("Bytes received")
        .withUnit(MetricUnits.BYTES).build()).inc(512);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("payload_received_bytes_total", APPLICATION)).isEqualTo(512);
    assertThat(scrape.families("payload_received")).extracting(Scrape.Family::help).containsExactly("Bytes received");
    assertThat(registry.getMetadata("payload.received").getDescription()).isEqualTo("Bytes received");
    assertThat(registry.getMetadata("payload.received").getUnit()).isEqualTo(MetricUnits.BYTES);
  }

  @Test
  void aNameKeepsItsTypeMetadataAndTagNames() {
    registry.counter(Metadata.builder().withName("jobs").withDescription("Jobs run").build(), new Tag("queue", "a"));

    assertThatThrownBy(() -> registry.timer("jobs")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a Counter, not a Timer");
    assertThatThrownBy(() -> registry.counter(Metadata.builder().withName("jobs").withDescription("Other").build(),
        new Tag("queue", "b"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.counter("jobs", new Tag("lane", "b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has the tags [queue]");
    assertThatThrownBy(() -> registry.counter("jobs", new Tag("mp_scope", "mine")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    // a registration that does not specify metadata agrees with any
    assertThat(registry.counter("jobs", new Tag("queue", "b"))).isNotNull();
    assertThat(registry.getCounters().keySet()).containsExactly(
        new MetricID("jobs", new Tag("queue", "a")), new MetricID("jobs", new Tag("queue", "b")));
  }

  @Test
  void timerRecordsSecondsIntoAHistogramAndNanosecondsInTheJavaApi() throws Exception {
    Timer timer = registry.timer("checkout.duration", new Tag("step", "pay"));
    timer.update(Duration.ofMillis(20));
    timer.update(Duration.ofMillis(300));
    timer.update(Duration.ofMillis(-1)); // ignored
    assertThat(timer.time(() -> "done")).isEqualTo("done");
    timer.time().stop();

    assertThat(timer.getCount()).isEqualTo(4);
    assertThat(timer.getElapsedTime()).isGreaterThanOrEqualTo(Duration.ofMillis(320));
    assertThat(timer.getSnapshot().getMax()).isEqualTo(Duration.ofMillis(300).toNanos());
    Scrape scrape = Scrape.of(service);
    Map<String, String> pay = application("step", "pay");
    assertThat(scrape.value("checkout_duration_seconds_count", pay)).isEqualTo(4);
    assertThat(scrape.value("checkout_duration_seconds_sum", pay)).isBetween(0.32, 0.33);
    assertThat(scrape.value("checkout_duration_seconds_bucket", application("step", "pay", "le", "0.025"))).isEqualTo(3);
    assertThat(scrape.value("checkout_duration_seconds_bucket", application("step", "pay", "le", "0.5"))).isEqualTo(4);
    assertThat(scrape.value("checkout_duration_seconds_bucket", application("step", "pay", "le", "+Inf"))).isEqualTo(4);
  }

  @Test
  void histogramRecordsTheValuesInItsUnit() {
    Histogram sizes = registry.histogram(Metadata.builder().withName("batch.size").withUnit(MetricUnits.NONE).build());
    sizes.update(3);
    sizes.update(40L);

    assertThat(sizes.getCount()).isEqualTo(2);
    assertThat(sizes.getSum()).isEqualTo(43);
    assertThat(sizes.getSnapshot().getMax()).isEqualTo(40);
    assertThat(sizes.getSnapshot().getMean()).isEqualTo(21.5);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("batch_size_count", APPLICATION)).isEqualTo(2);
    assertThat(scrape.value("batch_size_sum", APPLICATION)).isEqualTo(43);
    assertThat(scrape.value("batch_size_bucket", application("le", "5.0"))).isEqualTo(1);
    assertThat(scrape.value("batch_size_bucket", application("le", "50.0"))).isEqualTo(2);
  }

  @Test
  void gaugesAreReadAtEachScrape() {
    AtomicLong depth = new AtomicLong(7);
    Gauge<Long> gauge = registry.gauge("queue.depth", depth, AtomicLong::get, new Tag("queue", "mail"));
    registry.gauge(Metadata.builder().withName("pool.usage").withUnit(MetricUnits.PERCENT).build(), () -> 12.5);

    assertThat(gauge.getValue()).isEqualTo(7);
    assertThat(Scrape.of(service).value("queue_depth", application("queue", "mail"))).isEqualTo(7);
    depth.set(9);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("queue_depth", application("queue", "mail"))).isEqualTo(9);
    assertThat(scrape.value("pool_usage_percent", APPLICATION)).isEqualTo(12.5);
    assertThat(registry.getGauges().keySet()).containsExactly(
        new MetricID("pool.usage"), new MetricID("queue.depth", new Tag("queue", "mail")));
  }

  @Test
  void aGaugeThatFailsHasNoPointAndTheOthersStay() {
    registry.gauge("broken", () -> {
      throw new IllegalStateException("boom");
    });
    registry.gauge("fine", () -> 1);

    try (LogCapture log = LogCapture.of(OtelMetricRegistry.class)) {
      Scrape scrape = Scrape.of(service);
      assertThat(scrape.has("broken")).isFalse();
      assertThat(scrape.value("fine", APPLICATION)).isEqualTo(1);
      // WARNING once a minute, FINE after: the logger is shared by every registry
      assertThat(log.records()).extracting(r -> r.getMessage())
          .anySatisfy(message -> assertThat(message).contains("reading the MicroProfile gauge MetricID{name='broken'"));
    }
  }

  @Test
  void removeTakesCountersAndGaugesOutOfTheScrape() {
    registry.counter("a", new Tag("k", "1")).inc();
    registry.counter("a", new Tag("k", "2")).inc();
    registry.gauge("g", () -> 5);
    registry.counter("b").inc();
    registry.counter("c").inc();

    assertThat(registry.remove(new MetricID("a", new Tag("k", "1")))).isTrue();
    assertThat(registry.remove(new MetricID("a", new Tag("k", "1")))).isFalse();
    assertThat(registry.remove("g")).isTrue();
    registry.removeMatching((id, metric) -> id.getName().equals("b"));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("a_total")).containsExactly(application("k", "2"));
    assertThat(scrape.has("g")).isFalse();
    assertThat(scrape.has("b_total")).isFalse();
    assertThat(scrape.value("c_total", APPLICATION)).isEqualTo(1);
    assertThat(registry.getNames()).containsExactly("a", "c");
    assertThat(registry.getMetadata("g")).isNull();
    // a removed name can come back, with other metadata
    registry.counter(Metadata.builder().withName("g").withDescription("now a counter").build()).inc();
    assertThat(Scrape.of(service).value("g_total", APPLICATION)).isEqualTo(1);
  }

  @Test
  void lookupsAndFilters() {
    Counter counter = registry.counter("x.count");
    Timer timer = registry.timer("x.time");
    Histogram histogram = registry.histogram("y.sizes");
    registry.gauge("y.level", () -> 1);

    assertThat(registry.getCounter(new MetricID("x.count"))).isSameAs(counter);
    assertThat(registry.getTimer(new MetricID("x.time"))).isSameAs(timer);
    assertThat(registry.getHistogram(new MetricID("y.sizes"))).isSameAs(histogram);
    assertThat(registry.getGauge(new MetricID("y.level"))).isNotNull();
    assertThat(registry.getMetric(new MetricID("nope"))).isNull();
    assertThatThrownBy(() -> registry.getTimer(new MetricID("x.count"))).isInstanceOf(IllegalArgumentException.class);
    MetricFilter onlyX = (id, metric) -> id.getName().startsWith("x.");
    assertThat(registry.getMetrics(onlyX).keySet()).containsExactly(new MetricID("x.count"), new MetricID("x.time"));
    assertThat(registry.getCounters(onlyX)).containsOnlyKeys(new MetricID("x.count"));
    assertThat(registry.getTimers()).containsOnlyKeys(new MetricID("x.time"));
    assertThat(registry.getHistograms()).containsOnlyKeys(new MetricID("y.sizes"));
    assertThat(registry.getMetrics()).hasSize(4);
    assertThat(registry.getMetadata()).containsOnlyKeys("x.count", "x.time", "y.sizes", "y.level");
    assertThat(registry.getMetadata("x.time").getUnit()).isEqualTo(MetricUnits.NANOSECONDS);
    assertThat(registry.getScope()).isEqualTo("application");
  }

  @Test
  void customScopesAreTheirOwnRegistriesTaggedWithTheirScope() {
    MicroProfileMetrics metrics = MicroProfileMetrics.of(service);
    metrics.registry("motorguide").counter("turns").inc();
    registry.counter("turns").inc(2);

    assertThat(metrics.registry("motorguide")).isSameAs(metrics.registry("motorguide"));
    assertThat(metrics.registry("motorguide").getScope()).isEqualTo("motorguide");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("turns_total", "mp_scope", "motorguide")).isEqualTo(1);
    assertThat(scrape.value("turns_total", APPLICATION)).isEqualTo(2);
    assertThatThrownBy(() -> metrics.registry("bad-scope")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNameHoldsAtMostTheSeriesCapAndLaterTagSetsStillWorkForTheCaller() {
    try (LogCapture log = LogCapture.of(OtelMetricRegistry.class)) {
      for (int i = 0; i < MonitoringService.MAX_SERIES_PER_INSTRUMENT; i++) {
        registry.counter("per.user", new Tag("user", "u" + i)).inc();
      }
      Counter beyond = registry.counter("per.user", new Tag("user", "one-too-many"));
      beyond.inc();

      assertThat(beyond.getCount()).isEqualTo(1);
      assertThat(registry.getCounters()).hasSize(MonitoringService.MAX_SERIES_PER_INSTRUMENT);
      Scrape scrape = Scrape.of(service);
      assertThat(scrape.samples("per_user_total")).hasSize(MonitoringService.MAX_SERIES_PER_INSTRUMENT);
      assertThat(scrape.has("per_user_total", "mp_scope", "application", "user", "one-too-many")).isFalse();
      assertThat(log.records()).extracting(r -> r.getMessage()).anySatisfy(message ->
          assertThat(message).contains("per.user has 2000 tag combinations already"));
    }
  }

  @Test
  void namesOpenTelemetryRejectsAreMadeValid() {
    assertThat(OtelMetricRegistry.instrumentName("com.example.Colours.red")).isEqualTo("com.example.Colours.red");
    assertThat(OtelMetricRegistry.instrumentName("queue size$now")).isEqualTo("queue_size_now");
    assertThat(OtelMetricRegistry.instrumentName("1st")).isEqualTo("mp_1st");
    registry.counter("queue size").inc();
    assertThat(Scrape.of(service).value("queue_size_total", APPLICATION)).isEqualTo(1);
  }

  @Test
  void aDisabledServiceStillGivesWorkingMetrics() {
    MonitoringService disabled = MonitoringService.create(MonitoringConfig.builder().enabled(false).build());
    try {
      Counter counter = MicroProfileMetrics.of(disabled).registry().counter("c");
      counter.inc();
      assertThat(counter.getCount()).isEqualTo(1);
      assertThat(List.copyOf(MicroProfileMetrics.of(disabled).registry().getNames())).containsExactly("c");
    } finally {
      disabled.shutdown();
    }
  }
}
