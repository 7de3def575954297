package com.compozy.monitoring.it.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Scrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Open Liberty with {@code mpMetrics-5.1} (liberty/mpmetrics/server.xml) and the same WAR as
 * {@link LibertyMicroProfileMetricsIT}, API included: Liberty's copy of the API wins (parent
 * first), so the runtime counts each call once at its own {@code /metrics}, the library registers
 * nothing, and its log says so.
 */
// -Dit.test runs a class in every failsafe execution: this one means something on its own server only
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "liberty-mpmetrics")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyMpMetricsRuntimeIT {
  private static final String RESERVATIONS = "com_compozy_monitoring_it_mpmetrics_Inventory_reservations_total";

  /** The server's log spans every deployment of a run: this class reads what was written after it started. */
  private static final int LOG_FROM = readLog().length();

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return MicroProfileMetricsSuite.mpMetricsWar();
  }

  private static String serverLog() {
    String log = readLog();
    return log.substring(Math.min(LOG_FROM, log.length()));
  }

  private static String readLog() {
    Path logs = Path.of(System.getProperty("it.liberty.logs")).getParent().getParent()
        .resolve("monitoring-it-mpmetrics").resolve("logs").resolve("messages.log");
    try {
      return Files.exists(logs) ? Files.readString(logs, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Scrape runtimeScrape() throws MalformedURLException {
    var response = Http.get(new URL(app.getProtocol(), app.getHost(), app.getPort(), "/"), "metrics?scope=application");
    assertThat(response.statusCode()).isEqualTo(200);
    return Scrape.parse(response.body());
  }

  private Scrape libraryScrape() {
    var response = Http.get(app, "metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return Scrape.parse(response.body());
  }

  /** The one sample of {@code name}; the runtime may add labels of its own (mp_app). */
  private static Scrape.Sample only(Scrape scrape, String name) {
    List<Scrape.Sample> samples = scrape.samples(name);
    assertThat(samples).as("samples of %s", name).hasSize(1);
    return samples.get(0);
  }

  @Test
  void theRuntimeCountsEachCallOnceAndTheLibraryStaysOut() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send(app, "POST", "api/inventory/reserve").statusCode()).isEqualTo(204);
    }
    assertThat(Http.send(app, "POST", "api/inventory/reserve?fail=true").statusCode()).isEqualTo(409);
    assertThat(Http.send(app, "POST", "api/inventory/restock/5").statusCode()).isEqualTo(204);
    assertThat(Http.send(app, "POST", "api/inventory/orders/web").body()).isEqualTo("1");

    Scrape runtime = runtimeScrape();
    Scrape.Sample reservations = only(runtime, RESERVATIONS);
    assertThat(reservations.labels()).containsEntry("kind", "online").containsEntry("mp_scope", "application");
    assertThat(reservations.value()).isEqualTo(4);
    assertThat(only(runtime, "visits_total").value()).isEqualTo(5);
    assertThat(only(runtime, "orders_placed_total").labels()).containsEntry("channel", "web");

    Scrape library = libraryScrape();
    assertThat(library.has(RESERVATIONS)).isFalse();
    assertThat(library.samples("visits_total")).isEmpty();
    assertThat(library.samples("orders_placed_total")).isEmpty();
    assertThat(library.samples()).noneMatch(sample -> sample.labels().containsKey("mp_scope"));
  }

  @Test
  void theLogSaysOnceThatTheLibraryLeftMicroProfileMetricsToTheRuntime() {
    String log = serverLog();
    assertThat(log.split("Monitoring left MicroProfile Metrics", -1)).hasSize(2);
    assertThat(log).doesNotContain("Monitoring records MicroProfile Metrics");
  }
}
