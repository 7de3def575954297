package com.compozy.monitoring.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Executables;
import com.compozy.monitoring.testing.Scrape;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo, as built by its own pom, deployed on a real server and scraped by a real Prometheus:
 * what Prometheus stores must be exactly what the test sent, and the shipped dashboard and rules
 * must work against it. Run unchanged on every runtime.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PrometheusDemoSuite {
  private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", "."));
  private static final Path RULES = PROJECT.resolve("demo/prometheus/rules.yml");
  private static final Path DASHBOARD = PROJECT.resolve("demo/grafana/dashboard.json");
  private static final String JOB = "demo";
  private static final String WORKFLOWS = "/api/v1/workflows";

  private static PrometheusServer prometheus;

  protected abstract URL app();

  /** The demo WAR from {@code demo/target}, with its embedded Temporal server on a free port. */
  public static WebArchive demoWar() {
    File war = new File(System.getProperty("it.demo.war"));
    WebArchive archive = ShrinkWrap.create(ZipImporter.class, "demo.war").importFrom(war).as(WebArchive.class);
    archive.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
    try {
      archive.addAsResource(new StringAsset("monitoring.enabled=true\nmonitoring.path=/metrics\n"
          + "demo.temporal.port=" + PrometheusServer.freePort() + "\n"), "META-INF/microprofile-config.properties");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return archive;
  }

  private PrometheusServer prometheus() throws IOException {
    if (prometheus == null) {
      prometheus = PrometheusServer.scraping(JOB, app(), "/demo/metrics", Files.exists(RULES) ? RULES : null);
      await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.value("up{job=\"demo\"}") == 1);
    }
    return prometheus;
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
      prometheus = null;
    }
  }

  /** What the test sent: (method, route template, status) to count. */
  private final Map<Map<String, String>, Double> sent = new HashMap<>();

  private HttpResponse<String> send(String method, String path, String route) {
    HttpResponse<String> response = Http.send(app(), method, path);
    sent.merge(Map.of("http_method", method, "http_route", route,
        "http_status_code", String.valueOf(response.statusCode()), "job", JOB, "instance", instance()), 1.0,
        Double::sum);
    return response;
  }

  private static Map<String, String> with(Map<String, String> labels, String... more) {
    Map<String, String> result = new HashMap<>(labels);
    for (int i = 0; i < more.length; i += 2) {
      result.put(more[i], more[i + 1]);
    }
    return result;
  }

  private String instance() {
    return app().getHost() + ":" + app().getPort();
  }

  @Test
  @Order(1)
  void prometheusStoresExactlyWhatWasSent() throws Exception {
    PrometheusServer prometheus = prometheus();
    Map<Map<String, String>, Double> before = prometheus.query("compozy_http_requests_total{job=\"demo\"}");

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      assertThat(send("GET", "api/v1/workflows", WORKFLOWS).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> started = send("POST", "api/v1/workflows" + (i == 0 ? "?fail=true" : ""), WORKFLOWS);
      assertThat(started.statusCode()).isEqualTo(202);
      ids.add(Json.createReader(new StringReader(started.body())).readObject().getString("id"));
    }
    for (int i = 0; i < 7; i++) {
      assertThat(send("GET", "api/v1/workflows/missing-" + i, WORKFLOWS + "/{id}").statusCode()).isEqualTo(404);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(send("GET", "api/v1/nowhere/" + i, "unmatched").statusCode()).isEqualTo(404);
    }
    for (String id : ids) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
          !send("GET", "api/v1/workflows/" + id, WORKFLOWS + "/{id}").body().contains("\"running\""));
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<Map<String, String>, Double> after = prometheus.query("compozy_http_requests_total{job=\"demo\"}");
      Map<Map<String, String>, Double> increase = new HashMap<>();
      after.forEach((series, value) -> {
        double delta = value - before.getOrDefault(series, 0.0);
        if (delta != 0) {
          increase.put(series, delta);
        }
      });
      assertThat(increase).isEqualTo(sent);
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(prometheus.value("sum(compozy_temporal_workflow_started_total{job=\"demo\"})")).isEqualTo(6);
      assertThat(prometheus.value("sum(compozy_temporal_workflow_completed_total{job=\"demo\"})")).isEqualTo(5);
      assertThat(prometheus.value("sum(compozy_temporal_workflow_failed_total{job=\"demo\",result=\"failed\"})"))
          .isEqualTo(1);
      // each order: reserve, charge (its first attempt fails), ship; the failing one: reserve, three charges
      assertThat(prometheus.value("sum(compozy_temporal_activity_started_total{job=\"demo\"})")).isEqualTo(24);
      assertThat(prometheus.value("sum(compozy_temporal_activity_completed_total{job=\"demo\"})")).isEqualTo(16);
      assertThat(prometheus.value("sum(compozy_temporal_activity_failed_total{job=\"demo\"})")).isEqualTo(8);
    });

    // the orders' memory: every order notes its reservation, its successful charge and its shipping
    // (6 + 5 + 5 appends: the failing order only reserves); every GET of a known order reads it
    double reads = sent.entrySet().stream()
        .filter(e -> e.getKey().get("http_route").equals(WORKFLOWS + "/{id}")
            && e.getKey().get("http_status_code").equals("200"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertThat(reads).isGreaterThanOrEqualTo(ids.size());
    Map<String, String> memory = Map.of("memory_id", "order-notes", "project_id", "default");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus.query(
        "sum by (memory_id, project_id, operation, status) "
            + "(compozy_memory_operation_duration_seconds_count{job=\"demo\"})"))
        .isEqualTo(Map.of(
            with(memory, "operation", "append", "status", "success"), 16.0,
            with(memory, "operation", "read", "status", "success"), reads)));
    assertThat(prometheus.query("compozy_memory_health_status{job=\"demo\"}"))
        .isEqualTo(Map.of(Map.of("memory_id", "order-notes", "job", JOB, "instance", instance()), 1.0));
    assertThat(prometheus.value("compozy_memory_consecutive_failures{job=\"demo\",memory_id=\"order-notes\"}"))
        .isEqualTo(0);

    assertThat(prometheus.value("up{job=\"demo\"}")).isEqualTo(1);
    assertThat(prometheus.value("compozy_temporal_workers_running_total{job=\"demo\"}")).isEqualTo(1);
    assertThat(prometheus.value("compozy_dispatcher_health_status{job=\"demo\",dispatcher_id=\"dispatcher-1\"}"))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void everyDashboardPanelFindsData() throws Exception {
    PrometheusServer prometheus = prometheus();
    JsonObject dashboard = Json.createReader(new StringReader(Files.readString(DASHBOARD, StandardCharsets.UTF_8)))
        .readObject();
    List<String> expressions = new ArrayList<>();
    collectExpressions(dashboard, expressions);
    assertThat(expressions).isNotEmpty();

    for (String expression : expressions) {
      String query = expression.replace("$__rate_interval", "1m").replace("${job}", ".*").replace("$job", ".*")
          .replace("$__interval", "1m").replace("$__range", "5m");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(prometheus.query(query)).as("panel query %s", query).isNotEmpty());
    }
  }

  private static void collectExpressions(JsonObject node, List<String> expressions) {
    node.forEach((key, value) -> {
      if (value.getValueType() == JsonValue.ValueType.OBJECT) {
        collectExpressions(value.asJsonObject(), expressions);
      } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
        value.asJsonArray().stream().filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT)
            .forEach(v -> collectExpressions(v.asJsonObject(), expressions));
      } else if (key.equals("expr") && value.getValueType() == JsonValue.ValueType.STRING) {
        expressions.add(((jakarta.json.JsonString) value).getString());
      }
    });
  }

  @Test
  @Order(3)
  void shippedRulesEvaluateWithoutErrors() throws Exception {
    PrometheusServer prometheus = prometheus();
    assertThat(RULES).exists();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<JsonObject> rules = prometheus.ruleGroups().stream()
          .flatMap(group -> group.asJsonObject().getJsonArray("rules").stream()).map(JsonValue::asJsonObject)
          .toList();
      assertThat(rules).isNotEmpty().allSatisfy(rule -> {
        assertThat(rule.getString("health")).as("%s: %s", rule.getString("name"), rule).isEqualTo("ok");
        assertThat(rule.containsKey("lastEvaluation") && !rule.getString("lastEvaluation").startsWith("0001"))
            .as("%s evaluated", rule.getString("name")).isTrue();
      });
    });
  }

  @Test
  @Order(4)
  void liveExpositionHasNoLintProblemsOfOurOwn() throws Exception {
    Path promtool = Executables.require("promtool");
    String exposition = Http.get(app(), "metrics").body();
    Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    lint.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    lint.getOutputStream().close();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    lint.waitFor();

    List<String> problems = output.lines().filter(line -> line.startsWith("compozy_")).toList();
    assertThat(exposition).contains("compozy_http_requests_total{", "compozy_dispatcher_active_total{",
        "compozy_temporal_workers_running_total ");
    assertThat(problems).as(output).isEmpty();
  }

  /**
   * Under concurrent load the demo's own business counters (fed by each workflow's result future)
   * must agree with the library's workflow counts, and no order may stay "running": a demo whose
   * embedded server skips time once lost most results this way.
   */
  @Test
  @Order(5)
  void underLoadTheDemosBusinessCountersEqualTheLibrarysWorkflowCounts() throws Exception {
    int orders = 60;
    int failing = orders / 4;
    Scrape before = Scrape.parse(Http.get(app(), "metrics", "Accept", "text/plain").body());
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<String>> started = new ArrayList<>();
    try {
      for (int i = 0; i < orders; i++) {
        String path = "api/v1/workflows" + (i % 4 == 0 ? "?fail=true" : "");
        started.add(clients.submit(() -> {
          HttpResponse<String> response = Http.send(app(), "POST", path);
          assertThat(response.statusCode()).isEqualTo(202);
          return Json.createReader(new StringReader(response.body())).readObject().getString("id");
        }));
      }
      for (Future<String> order : started) {
        order.get(60, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }

    String[] library = {"task_queue", "orders", "workflow_type", "OrderWorkflow"};
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Scrape after = Scrape.parse(Http.get(app(), "metrics", "Accept", "text/plain").body());
      assertThat(Scrape.increase(before, after, "compozy_temporal_workflow_started_total", library))
          .isEqualTo(orders);
      assertThat(Scrape.increase(before, after, "compozy_temporal_workflow_completed_total", library))
          .isEqualTo(orders - failing);
      assertThat(Scrape.increase(before, after, "compozy_temporal_workflow_failed_total",
          "result", "failed", "task_queue", "orders", "workflow_type", "OrderWorkflow")).isEqualTo(failing);
      assertThat(Scrape.increase(before, after, "workflows_processed_total",
          "status", "completed", "type", "order_processing")).isEqualTo(orders - failing);
      assertThat(Scrape.increase(before, after, "workflows_processed_total",
          "status", "failed", "type", "order_processing")).isEqualTo(failing);
    });
    String listed = Http.get(app(), "api/v1/workflows").body();
    assertThat(listed).doesNotContain("\"running\"");
  }

  /**
   * The Temporal SDK's own series, reported through the library, reach a real Prometheus under the
   * names Temporal's dashboards query.
   */
  @Test
  @Order(6)
  void prometheusHasTheTemporalSdksOwnSeries() throws Exception {
    PrometheusServer prometheus = prometheus();
    String job = "{job=\"demo\",namespace=\"default\"}";
    List<String> queries = List.of(
        "sum(temporal_workflow_task_schedule_to_start_latency_seconds_bucket" + job + ")",
        "sum(temporal_activity_schedule_to_start_latency_seconds_bucket" + job + ")",
        "sum(temporal_workflow_task_execution_latency_seconds_count" + job + ")",
        "sum(temporal_request_total" + job + ")",
        "sum(temporal_workflow_completed_total" + job + ")",
        "count(temporal_worker_task_slots_available" + job + ")",
        "count(temporal_sticky_cache_size" + job + ")");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (String query : queries) {
        assertThat(prometheus.query(query)).as(query).isNotEmpty();
        assertThat(prometheus.value(query)).as(query).isPositive();
      }
    });
  }
}
