package com.compozy.monitoring.it.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Scrape;
import java.io.File;
import java.net.URL;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * An application written for MicroProfile Metrics, on a runtime without it: the WAR ships the API,
 * the library implements it, and the numbers are at the library's scrape endpoint.
 */
public abstract class MicroProfileMetricsSuite {
  private static final String INVENTORY = "com_compozy_monitoring_it_mpmetrics_Inventory_";
  private static final String AUDIT = "com_compozy_monitoring_it_mpmetrics_Audit_";

  protected abstract URL app();

  /** The server's log since the suite's deployment. */
  protected abstract String serverLog();

  /** The API JAR as a user's build puts it in {@code WEB-INF/lib}: the one the tests compile against. */
  static File apiJar() {
    try {
      return new File(MetricRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The application with the MicroProfile Metrics API in {@code WEB-INF/lib}, as on a runtime without it. */
  public static WebArchive mpMetricsWar() {
    return applicationWithoutApi("mpmetrics").addAsLibraries(apiJar());
  }

  /** The application with the API {@code provided}, as on a runtime that has MicroProfile Metrics. */
  public static WebArchive applicationWithoutApi(String name) {
    return Deployments.war(name, Deployments.config("monitoring.enabled", "true"),
        MpApplication.class, InventoryResource.class, Inventory.class, Audit.class);
  }

  private Scrape scrape() {
    var response = Http.get(app(), "metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return Scrape.parse(response.body());
  }

  private static Map<String, String> application(String... tags) {
    Map<String, String> labels = new java.util.TreeMap<>(Map.of("mp_scope", "application"));
    for (int i = 0; i < tags.length; i += 2) {
      labels.put(tags[i], tags[i + 1]);
    }
    return labels;
  }

  @Test
  void annotatedBeansInjectedMetricsAndTheRegistryAreScrapedWithExactValues() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send(app(), "POST", "api/inventory/reserve").statusCode()).isEqualTo(204);
    }
    assertThat(Http.send(app(), "POST", "api/inventory/reserve?fail=true").statusCode()).isEqualTo(409);
    assertThat(Http.send(app(), "POST", "api/inventory/restock/5").statusCode()).isEqualTo(204);
    assertThat(Http.send(app(), "POST", "api/inventory/restock/20").statusCode()).isEqualTo(204);
    assertThat(Http.send(app(), "POST", "api/inventory/orders/web").body()).isEqualTo("1");
    assertThat(Http.send(app(), "POST", "api/inventory/orders/web").body()).isEqualTo("2");
    assertThat(Http.send(app(), "POST", "api/inventory/orders/shop").body()).isEqualTo("1");

    Scrape scrape = scrape();
    // @Counted on a method, relative name, tags; the failed call is counted too
    assertThat(scrape.labelSets(INVENTORY + "reservations_total")).containsExactly(application("kind", "online"));
    assertThat(scrape.value(INVENTORY + "reservations_total", application("kind", "online"))).isEqualTo(4);
    // @Timed, absolute: seconds
    assertThat(scrape.value("restock_seconds_count", application())).isEqualTo(2);
    assertThat(scrape.value("restock_seconds_bucket", application("le", "+Inf"))).isEqualTo(2);
    // @Gauge on the application-scoped bean: 10 - 3 + 5 + 20
    assertThat(scrape.value("stock", application())).isEqualTo(32);
    // @Counted on the class
    assertThat(scrape.value(AUDIT + "record_total", application())).isEqualTo(2);
    // @Inject @Metric Counter and Histogram
    assertThat(scrape.value("visits_total", application())).isEqualTo(6);
    assertThat(scrape.value("batch_sizes_count", application())).isEqualTo(2);
    assertThat(scrape.value("batch_sizes_sum", application())).isEqualTo(25);
    // MetricRegistry, two injections of one registry
    assertThat(scrape.labelSets("orders_placed_total"))
        .containsExactlyInAnyOrder(application("channel", "web"), application("channel", "shop"));
    assertThat(scrape.value("orders_placed_total", application("channel", "web"))).isEqualTo(2);
    assertThat(scrape.families("visits")).extracting(Scrape.Family::help).containsExactly("Visits");

    // remove takes the series out of the scrape
    assertThat(Http.send(app(), "POST", "api/inventory/remove/shop").body()).isEqualTo("true");
    Scrape after = scrape();
    assertThat(after.labelSets("orders_placed_total")).containsExactly(application("channel", "web"));
  }

  @Test
  void theLogSaysOnceThatTheLibraryRecordsMicroProfileMetrics() {
    // written at deployment; no call here, so the other test sees the bean untouched
    String log = serverLog();
    assertThat(log.split("Monitoring records MicroProfile Metrics", -1)).hasSize(2);
    assertThat(log).doesNotContain("Monitoring left MicroProfile Metrics");
  }
}
