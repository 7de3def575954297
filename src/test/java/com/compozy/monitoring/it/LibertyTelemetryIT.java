package com.compozy.monitoring.it;

import static com.compozy.monitoring.it.Deployments.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Liberty with its mpTelemetry feature at runtime level ({@code OTEL_SDK_DISABLED=false} in
 * {@code liberty/telemetry/server.env}), which registers its own {@code Meter} bean and OpenTelemetry
 * and records every application's HTTP server metrics. The deployment must still succeed,
 * {@code @Inject Meter} give the library's meter, and the library say once, in the log and in its
 * readiness data, that the runtime counts the application's requests too. (On this
 * Liberty the runtime's bean has the runtime's {@code Meter} class, which a WAR bundling its own
 * OpenTelemetry does not see, so the one {@code Meter} bean the application sees is the library's.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyTelemetryIT {
  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.war("telemetry", config("monitoring.enabled", "true"),
        TestApplication.class, ClicksResource.class);
  }

  @Test
  void saysOnceInTheLogAndInReadinessThatTheRuntimeRecordsHttpMetricsToo() throws Exception {
    // -Dit.test=LibertyTelemetryIT runs this class on the plain Liberty too, which has no mpTelemetry
    assumeTrue("liberty-telemetry".equals(System.getProperty("arquillian.launch")), "needs the mpTelemetry server");
    String found = "Open Liberty mpTelemetry 2 (runtime level)";
    String line = "Monitoring: " + found + " also records this application's HTTP server metrics, so each request"
        + " is counted twice; switch one off: monitoring.http.enabled=false for the library's, or the runtime's"
        + " OpenTelemetry SDK (otel.sdk.disabled=false in server.env, jvm.options or bootstrap.properties)";
    Path log = Path.of(System.getProperty("it.liberty.logs")).getParent().getParent()
        .resolve("monitoring-it-telemetry/logs/messages.log");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Files.readString(log).lines().filter(l -> l.contains(line))).hasSize(1));

    HttpResponse<String> ready = Http.get(new URL(app, "/"), "health/ready");
    JsonObject monitoring = Json.createReader(new StringReader(ready.body())).readObject().getJsonArray("checks")
        .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").equals("monitoring")).findFirst()
        .orElseThrow(() -> new AssertionError(ready.body()));
    assertThat(monitoring.getString("status")).isEqualTo("UP");
    assertThat(monitoring.getJsonObject("data").getString("runtimeHttpMetrics")).isEqualTo(found);
  }

  @Test
  void deploysAndInjectsTheLibrarysMeterBesideTheRuntimes() {
    assertThat(Http.get(app, "clicks/meter-beans").body()).isEqualTo("1");
    assertThat(Http.send(app, "POST", "clicks/blue").statusCode()).isEqualTo(200);

    assertThat(Http.get(app, "clicks/state").body()).isEqualTo("initialized=true sameMeter=true error=none");
    assertThat(Http.get(app, "metrics").body()).contains("compozy_it_clicks_total{button=\"blue\"} 1.0");
  }
}
