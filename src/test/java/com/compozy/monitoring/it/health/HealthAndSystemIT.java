package com.compozy.monitoring.it.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Scrape;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness, system, JVM and memory metrics of a real deployment on Open Liberty. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthAndSystemIT {
  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.war("ops", Deployments.config("monitoring.enabled", "true"),
            HealthApplication.class, MemoryStore.class, OperationsResource.class)
        .setManifest(new StringAsset("Manifest-Version: 1.0\nImplementation-Version: 1.2.3-it+build.7\n"));
  }

  private Scrape scrape() {
    return Scrape.parse(Http.get(app, "metrics").body());
  }

  private URL serverRoot() throws Exception {
    return new URL(app, "/");
  }

  private JsonObject readiness() throws Exception {
    HttpResponse<String> response = Http.get(serverRoot(), "health/ready");
    JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(response.statusCode()).isEqualTo(body.getString("status").equals("UP") ? 200 : 503);
    return body;
  }

  /** Liberty writes data booleans as JSON booleans, Payara as strings. */
  private static boolean flag(JsonValue value) {
    return value == JsonValue.TRUE || value.equals(Json.createValue("true"));
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
        .filter(check -> check.getString("name").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void buildInfoCarriesTheApplicationsVersionAndUptimeGrows() {
    Scrape first = scrape();
    // the server's Java, which need not be the test's
    assertThat(first.labelSets("compozy_system_build_info")).singleElement().satisfies(labels -> assertThat(labels)
        .containsOnlyKeys("commit_hash", "java_version", "version")
        .containsEntry("commit_hash", "unknown").containsEntry("version", "1.2.3-it+build.7"));
    assertThat(first.samples("compozy_system_build_info")).singleElement()
        .satisfies(sample -> assertThat(sample.value()).isEqualTo(1));
    double uptime = first.value("compozy_system_uptime_seconds");
    assertThat(uptime).isPositive();

    await().atMost(Duration.ofSeconds(10))
        .until(() -> scrape().value("compozy_system_uptime_seconds") > uptime);
  }

  @Test
  void exposesJvmHeapByPool() {
    Scrape metrics = scrape();

    assertThat(metrics.labelSets("jvm_memory_used_bytes")).anyMatch(labels -> "heap".equals(labels.get("jvm_memory_type")));
    assertThat(metrics.labelSets("jvm_memory_used_after_last_gc_bytes")).isNotEmpty();
    assertThat(metrics.samples("jvm_thread_count")).isNotEmpty();
  }

  @Test
  void memoryOperationsThroughTheInterceptorBindingAreTimedAndTracked() {
    assertThat(Http.send(app, "POST", "api/ops/memory/m1").body()).isEqualTo("m1@projectA");
    assertThat(Http.send(app, "POST", "api/ops/memory/m1?fail=true").body()).isEqualTo("failed");
    Scrape failed = scrape();

    String count = "compozy_memory_operation_duration_seconds_count";
    Map<String, String> ok = Map.of("memory_id", "m1", "operation", "get_instance", "project_id", "projectA",
        "status", "success");
    Map<String, String> error = Map.of("memory_id", "m1", "operation", "get_instance", "project_id", "projectA",
        "status", "error");
    assertThat(failed.value(count, ok)).isEqualTo(1);
    assertThat(failed.value(count, error)).isEqualTo(1);
    assertThat(failed.value("compozy_memory_health_status", "memory_id", "m1")).isZero();

    Http.send(app, "POST", "api/ops/memory/m1");
    Scrape recovered = scrape();
    assertThat(recovered.value(count, ok)).isEqualTo(2);
    assertThat(recovered.value("compozy_memory_health_status", "memory_id", "m1")).isEqualTo(1);
  }

  @Test
  void readinessFollowsDispatcherHeartbeats() throws Exception {
    JsonObject ready = readiness();
    assertThat(ready.getString("status")).isEqualTo("UP");
    JsonObject monitoring = check(ready, "monitoring");
    assertThat(monitoring.getString("status")).isEqualTo("UP");
    assertThat(flag(monitoring.getJsonObject("data").get("initialized"))).isTrue();
    // a plain Liberty records no HTTP server metrics of its own
    assertThat(monitoring.getJsonObject("data").getString("runtimeHttpMetrics")).isEqualTo("none");

    assertThat(Http.send(app, "POST", "api/ops/dispatchers/d1?thresholdMillis=1500").body()).isEqualTo("true");
    assertThat(check(readiness(), "dispatchers").getString("status")).isEqualTo("UP");

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
        .until(() -> readiness().getString("status").equals("DOWN"));
    JsonObject stale = check(readiness(), "dispatchers");
    assertThat(stale.getString("status")).isEqualTo("DOWN");
    assertThat(stale.getJsonObject("data").get("stale").toString().replace("\"", "")).isEqualTo("1");
    assertThat(check(readiness(), "monitoring").getString("status")).isEqualTo("UP");
    assertThat(scrape().value("compozy_dispatcher_health_status", "dispatcher_id", "d1", "is_stale", "true"))
        .isZero();

    assertThat(Http.send(app, "POST", "api/ops/dispatchers/d1/heartbeat").body()).isEqualTo("true");
    assertThat(readiness().getString("status")).isEqualTo("UP");
    assertThat(Http.get(serverRoot(), "health/live").statusCode()).isEqualTo(200);
  }
}
