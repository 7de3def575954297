package com.compozy.monitoring.it;

import static com.compozy.monitoring.it.Deployments.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.testing.Scrape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scrape endpoint and its configuration on a real Open Liberty, one WAR per scenario. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScrapeEndpointIT {

  @Deployment(name = "enabled", testable = false)
  static WebArchive enabled() {
    return app("enabled", config("monitoring.enabled", "true"));
  }

  @Deployment(name = "disabled", testable = false)
  static WebArchive disabled() {
    return app("disabled", config("monitoring.enabled", "false"));
  }

  @Deployment(name = "custompath", testable = false)
  static WebArchive customPath() {
    return app("custompath", config("monitoring.enabled", "true", "monitoring.path", " /custom/metrics "));
  }

  @Deployment(name = "invalidpath", testable = false)
  static WebArchive invalidPath() {
    return app("invalidpath", config("monitoring.enabled", "true", "monitoring.path", "metrics"));
  }

  @Deployment(name = "badboolean", testable = false)
  static WebArchive badBoolean() {
    return app("badboolean", config("monitoring.enabled", "maybe"));
  }

  private static WebArchive app(String name, java.util.Properties config) {
    return Deployments.war(name, config, TestApplication.class, ClicksResource.class);
  }

  @Test
  void countsWhatTheApplicationRecordsThroughTheInjectedMeter(
      @ArquillianResource @OperateOnDeployment("enabled") URL url) {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
    }
    assertThat(Http.send(url, "POST", "clicks/red").statusCode()).isEqualTo(200);

    HttpResponse<String> scrape = Http.get(url, "metrics");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(scrape.body())
        .contains("# HELP compozy_it_clicks_total Clicks by button\n")
        .contains("# TYPE compozy_it_clicks_total counter\n")
        .contains("target_info{")
        .contains("service_name=\"enabled\"")
        .doesNotContain("otel_scope_name");
    Scrape clicks = Scrape.parse(scrape.body());
    // other tests of this class click other buttons on the same deployment, in any order
    assertThat(clicks.labelSets("compozy_it_clicks_total"))
        .contains(Map.of("button", "blue"), Map.of("button", "red"))
        .allSatisfy(labels -> assertThat(labels.keySet()).containsExactly("button"));
    assertThat(clicks.value("compozy_it_clicks_total", "button", "blue")).isEqualTo(3);
    assertThat(clicks.value("compozy_it_clicks_total", "button", "red")).isEqualTo(1);
  }

  @Test
  void injectsOneMeterWithAndWithoutQualifier(@ArquillianResource @OperateOnDeployment("enabled") URL url) {
    assertThat(Http.get(url, "clicks/state").body())
        .isEqualTo("initialized=true sameMeter=true error=none");
  }

  @Test
  void onAPlainRuntimeTheLibrarysMeterIsTheOnlyOne(@ArquillianResource @OperateOnDeployment("enabled") URL url) {
    assertThat(Http.get(url, "clicks/meter-beans").body()).isEqualTo("1");
  }

  @Test
  void servesOpenMetricsWhenAsked(@ArquillianResource @OperateOnDeployment("enabled") URL url) {
    Http.send(url, "POST", "clicks/green");

    HttpResponse<String> scrape =
        Http.get(url, "metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text; version=1.0.0"));
    assertThat(scrape.body())
        .contains("# TYPE compozy_it_clicks counter\n")
        .contains("compozy_it_clicks_total{button=\"green\"} 1.0")
        .endsWith("# EOF\n");
  }

  @Test
  void gzipsWhenAskedAndFiltersByName(@ArquillianResource @OperateOnDeployment("enabled") URL url)
      throws IOException {
    Http.send(url, "POST", "clicks/yellow");

    HttpResponse<byte[]> scrape =
        Http.getBytes(url, "metrics?name[]=compozy_it_clicks_total", "Accept-Encoding", "gzip");

    assertThat(scrape.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(scrape.body()))) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(body).contains("compozy_it_clicks_total{button=\"yellow\"} 1.0").doesNotContain("target_info");
  }

  @Test
  void disabledMonitoringLeavesThePathToTheApplication(
      @ArquillianResource @OperateOnDeployment("disabled") URL url) {
    assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
    assertThat(Http.get(url, "clicks/state").body()).isEqualTo("initialized=false sameMeter=true error=none");

    // no scrape servlet: the application (here with nothing at /metrics) answers
    assertThat(Http.get(url, "metrics").statusCode()).isEqualTo(404);
  }

  @Test
  void servesAtTheConfiguredPath(@ArquillianResource @OperateOnDeployment("custompath") URL url) {
    Http.send(url, "POST", "clicks/blue");

    assertThat(Http.get(url, "custom/metrics").body()).contains("compozy_it_clicks_total{button=\"blue\"} 1.0");
    assertThat(Http.get(url, "metrics").statusCode()).isEqualTo(404);
  }

  @Test
  void invalidPathKeepsTheApplicationServingAndLogsTheError(
      @ArquillianResource @OperateOnDeployment("invalidpath") URL url) {
    assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
    assertThat(Http.get(url, "clicks/state").body())
        .isEqualTo("initialized=false sameMeter=true error=monitoring path must start with '/': got metrics");
    assertThat(Http.get(url, "metrics").statusCode()).isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(LibertyLog.messages())
        .contains("Monitoring scrape endpoint not registered for /invalidpath: monitoring path must start with '/': got metrics"));
  }

  @Test
  void invalidBooleanIsAnErrorNamingKeyAndValue(@ArquillianResource @OperateOnDeployment("badboolean") URL url) {
    assertThat(Http.get(url, "clicks/state").body()).isEqualTo(
        "initialized=false sameMeter=true error=monitoring.enabled must be one of true/false, 1/0, yes/no, on/off: got 'maybe'");
    assertThat(Http.get(url, "metrics").statusCode()).isEqualTo(404);
  }
}
