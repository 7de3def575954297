package com.compozy.monitoring.it.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.PayaraLog;
import com.compozy.monitoring.testing.Scrape;
import java.net.URL;
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
 * Payara Micro 6, whose MicroProfile Metrics 5.1 is built in, with the application keeping the API
 * {@code provided} as the README says: the runtime counts each call once at its own
 * {@code /metrics}, the library registers nothing and says so.
 */
// -Dit.test runs a class in every failsafe execution: this one means something on its own server only
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraMpMetricsRuntimeIT {
  private static final PayaraLog LOG = new PayaraLog();
  private static final String RESERVATIONS = "com_compozy_monitoring_it_mpmetrics_Inventory_reservations_total";

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return MicroProfileMetricsSuite.applicationWithoutApi("mpmetrics-provided");
  }

  private static Scrape.Sample only(Scrape scrape, String name) {
    List<Scrape.Sample> samples = scrape.samples(name);
    assertThat(samples).as("samples of %s in %s", name, scrape).hasSize(1);
    return samples.get(0);
  }

  @Test
  void theRuntimeCountsEachCallOnceAndTheLibraryStaysOut() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send(app, "POST", "api/inventory/reserve").statusCode()).isEqualTo(204);
    }
    assertThat(Http.send(app, "POST", "api/inventory/reserve?fail=true").statusCode()).isEqualTo(409);
    assertThat(Http.send(app, "POST", "api/inventory/orders/web").body()).isEqualTo("1");

    var runtimeResponse = Http.get(new URL(app.getProtocol(), app.getHost(), app.getPort(), "/"),
        "metrics?scope=application");
    assertThat(runtimeResponse.statusCode()).isEqualTo(200);
    Scrape runtime = Scrape.parse(runtimeResponse.body());
    Scrape.Sample reservations = only(runtime, RESERVATIONS);
    assertThat(reservations.labels()).containsEntry("kind", "online");
    assertThat(reservations.value()).isEqualTo(4);
    assertThat(only(runtime, "visits_total").value()).isEqualTo(4);

    var libraryResponse = Http.get(app, "metrics");
    assertThat(libraryResponse.statusCode()).isEqualTo(200);
    Scrape library = Scrape.parse(libraryResponse.body());
    assertThat(library.has(RESERVATIONS)).isFalse();
    assertThat(library.samples("visits_total")).isEmpty();
    assertThat(library.samples()).noneMatch(sample -> sample.labels().containsKey("mp_scope"));

    String log = LOG.messages();
    assertThat(log.split("Monitoring left MicroProfile Metrics", -1)).hasSize(2);
    assertThat(log).doesNotContain("Monitoring records MicroProfile Metrics");
  }
}
