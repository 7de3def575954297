package com.compozy.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class RegistryGaugeTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Test
  void servesItsPointsUnderTheExactNameTypedGaugeOrUntyped() throws Exception {
    AtomicLong value = new AtomicLong(3);
    AutoCloseable gauge = RegistryGauge.gauge("compozy_test_build_info", "Build", points ->
        points.add(1, "version", "v1")).registerIn(registry);
    AutoCloseable untyped = RegistryGauge.untyped("compozy_test_active_total", "Active",
        points -> points.add(value.get())).registerIn(registry);

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.types("compozy_test_")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "compozy_test_build_info", "gauge", "compozy_test_active_total", "untyped"));
    assertThat(scrape.value("compozy_test_build_info", "version", "v1")).isEqualTo(1);
    assertThat(scrape.value("compozy_test_active_total")).isEqualTo(3);
    value.set(-1);
    assertThat(Scrape.of(registry).value("compozy_test_active_total")).isEqualTo(-1);

    gauge.close();
    untyped.close();
    assertThat(Scrape.of(registry).samples()).isEmpty();
  }

  @Test
  void aFailingCallbackGivesAnEmptyFamilyAndTheRestOfTheScrape() {
    RegistryGauge.gauge("compozy_test_broken", "Broken", points -> {
      throw new IllegalStateException("callback broken");
    }).registerIn(registry);
    RegistryGauge.gauge("compozy_test_fine", "Fine", points -> points.add(2)).registerIn(registry);

    try (LogCapture log = LogCapture.of(RegistryGauge.class)) {
      Scrape scrape = Scrape.of(registry);

      assertThat(scrape.labelSets("compozy_test_broken")).isEmpty();
      assertThat(scrape.value("compozy_test_fine")).isEqualTo(2);
      assertThat(log.records()).singleElement().satisfies(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        assertThat(r.getMessage()).startsWith("Monitoring: collecting compozy_test_broken failed");
      });
    }
  }

  @Test
  void withoutARegistryRegisteringIsANoOp() throws Exception {
    RegistryGauge.gauge("compozy_test_x", "X", points -> points.add(1)).registerIn(null).close();
  }
}
