package com.compozy.monitoring.it.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The scrape path belongs to the application unless monitoring takes it, run on every runtime: an
 * application with its own {@code /metrics} under {@code @ApplicationPath("/")} keeps it with
 * monitoring off, and a path the library refuses ({@code /*}) leaves the application deployed and
 * serving.
 */
public abstract class ScrapePathSuite {
  protected abstract URL owned();

  protected abstract URL rejected();

  protected abstract String serverLog();

  public static WebArchive ownedWar() {
    return Deployments.war("owned", Deployments.config("monitoring.enabled", "false"),
        TestApplication.class, ClicksResource.class, OwnMetricsResource.class);
  }

  public static WebArchive rejectedWar() {
    return Deployments.war("rejected", Deployments.config("monitoring.enabled", "true", "monitoring.path", "/*"),
        TestApplication.class, ClicksResource.class, OwnMetricsResource.class);
  }

  @Test
  void withMonitoringOffTheApplicationServesItsOwnMetrics() {
    for (String method : new String[] {"GET", "HEAD"}) {
      HttpResponse<String> own = Http.send(owned(), method, "metrics");
      assertThat(own.statusCode()).as(method).isEqualTo(200);
      assertThat(own.body()).isEqualTo(method.equals("GET") ? OwnMetricsResource.BODY : "");
    }
    assertThat(Http.send(owned(), "POST", "clicks/blue").statusCode()).isEqualTo(200);
    assertThat(Http.get(owned(), "clicks/state").body()).isEqualTo("initialized=false sameMeter=true error=none");
  }

  @Test
  void aWildcardPathIsRefusedAndTheApplicationKeepsServing() {
    String reason = "monitoring path must be an exact path such as /metrics, not a wildcard or extension pattern:"
        + " got /*";

    assertThat(Http.send(rejected(), "POST", "clicks/blue").statusCode()).isEqualTo(200);
    assertThat(Http.get(rejected(), "clicks/state").body())
        .isEqualTo("initialized=false sameMeter=true error=" + reason);
    assertThat(Http.get(rejected(), "metrics").body()).isEqualTo(OwnMetricsResource.BODY);
    assertThat(Http.get(rejected(), "anything/else").statusCode()).isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(serverLog())
        .contains("Monitoring scrape endpoint not registered for /rejected: " + reason));
  }
}
