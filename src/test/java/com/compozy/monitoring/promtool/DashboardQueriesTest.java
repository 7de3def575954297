package com.compozy.monitoring.promtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.promtool.Promtool.Result;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo/grafana/dashboard.json} is a dashboard whose every panel has a query, and every
 * query is valid PromQL once Grafana's variables are substituted ({@code $__rate_interval} by
 * {@code 5m}, {@code $job} by {@code .*}).
 *
 * <p>promtool 2.42 has no checker for a standalone expression, so the expressions become the
 * recording rules of a temporary rules file ({@code dashboard:panel_<id>_<refId>}) and
 * {@code promtool check rules} parses them.
 */
class DashboardQueriesTest {
  private static final Path DASHBOARD = Path.of("demo", "grafana", "dashboard.json");

  private static JsonObject dashboard;
  private static List<JsonObject> panels;

  @TempDir Path tmp;

  @BeforeAll
  static void readDashboard() throws IOException {
    try (Reader in = Files.newBufferedReader(Promtool.projectRoot().resolve(DASHBOARD), StandardCharsets.UTF_8);
        JsonReader reader = Json.createReader(in)) {
      dashboard = reader.readObject();
    }
    panels = new ArrayList<>();
    collectPanels(dashboard, panels);
  }

  /** The panels of {@code parent}, leaving out rows but including the panels of collapsed rows. */
  private static void collectPanels(JsonObject parent, List<JsonObject> into) {
    for (JsonValue value : parent.getJsonArray("panels")) {
      JsonObject panel = value.asJsonObject();
      if ("row".equals(panel.getString("type", ""))) {
        if (panel.containsKey("panels")) {
          collectPanels(panel, into);
        }
      } else {
        into.add(panel);
      }
    }
  }

  @Test
  void dashboardIsSelfContained() {
    assertThat(dashboard.getInt("schemaVersion")).isEqualTo(39);
    assertThat(dashboard.getString("uid")).isEqualTo("compozy-monitoring");
    List<String> variables = dashboard.getJsonObject("templating").getJsonArray("list").stream()
        .map(v -> v.asJsonObject().getString("name")).toList();
    assertThat(variables).containsExactly("datasource", "job");
    JsonObject datasource = dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
    assertThat(datasource.getString("type")).isEqualTo("datasource");
    assertThat(datasource.getString("query")).isEqualTo("prometheus");
    assertThat(panels).allSatisfy(panel -> assertThat(panel.getJsonObject("datasource").getString("uid"))
        .as("datasource of panel %s", panel.getString("title")).isEqualTo("${datasource}"));
    assertThat(panels.stream().map(p -> p.getInt("id")).distinct().count()).isEqualTo(panels.size());
  }

  @Test
  void dashboardHasTheExpectedPanels() {
    assertThat(panels.stream().map(p -> p.getString("title"))).containsExactlyInAnyOrder(
        "Request rate by route", "5xx error ratio by route", "p95 latency by route", "In-flight requests",
        "Workflows started / completed / failed", "Workflow duration p95", "Activity failures",
        "Workers running / configured", "Workflow task schedule-to-start p95", "Activity schedule-to-start p95",
        "Worker task slots used / available", "Workflow task failures", "Sticky cache hit ratio",
        "Sticky cache size / workflow threads", "Sticky cache misses / forced evictions",
        "Activities that exhausted their retries", "Attempts per activity", "Dispatcher health", "Dispatcher heartbeat age", "Build info",
        "Uptime", "Heap used by pool", "Heap after GC by pool", "Thread count", "Scrape targets up");
  }

  @Test
  void everyPanelHasAQuery() {
    assertThat(panels).isNotEmpty().allSatisfy(panel -> assertThat(panel.getJsonArray("targets").stream()
            .map(t -> t.asJsonObject().getString("expr", "")).filter(e -> !e.isBlank()).count())
        .as("queries of panel %s", panel.getString("title")).isPositive());
  }

  @Test
  void everyQueryIsValidPromql() throws IOException {
    Promtool promtool = Promtool.require();
    Map<String, String> rules = new LinkedHashMap<>();
    for (JsonObject panel : panels) {
      for (JsonValue target : panel.getJsonArray("targets")) {
        JsonObject query = target.asJsonObject();
        String expr = substitute(query.getString("expr", ""));
        assertThat(expr).as("query %s of panel %s uses a variable the test does not know",
            query.getString("refId"), panel.getString("title")).doesNotContain("$");
        rules.put("dashboard:panel_" + panel.getInt("id") + "_" + query.getString("refId"), expr);
      }
    }

    Result result = promtool.run("check", "rules", writeRules(rules).toString());

    assertThat(result.exitCode()).as(result.describe() + "\n--- expressions ---\n" + describe(rules)).isZero();
    assertThat(result.stdout()).as(result.describe()).contains("SUCCESS: " + rules.size() + " rules found");
  }

  /** The check itself catches a bad expression: otherwise the test above would prove nothing. */
  @Test
  void aBrokenQueryIsRejected() throws IOException {
    Promtool promtool = Promtool.require();
    Map<String, String> rules = Map.of("dashboard:broken",
        substitute("sum by (http_route) (rate(compozy_http_requests_total{job=~\"$job\"}[$__rate_interval])"));

    Result result = promtool.run("check", "rules", writeRules(rules).toString());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stdout() + result.stderr()).as(result.describe()).contains("dashboard:broken");
  }

  static String substitute(String expr) {
    return expr.replace("$__rate_interval", "5m").replace("$job", ".*");
  }

  /** A rules file with one recording rule per expression; JSON, which is YAML too. */
  private Path writeRules(Map<String, String> rules) throws IOException {
    JsonArrayBuilder list = Json.createArrayBuilder();
    rules.forEach((name, expr) -> list.add(Json.createObjectBuilder().add("record", name).add("expr", expr)));
    JsonObject file = Json.createObjectBuilder().add("groups", Json.createArrayBuilder()
        .add(Json.createObjectBuilder().add("name", "dashboard").add("rules", list))).build();
    Path path = tmp.resolve("dashboard-rules.yml");
    Files.writeString(path, file.toString(), StandardCharsets.UTF_8);
    return path;
  }

  private static String describe(Map<String, String> rules) {
    return rules.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
  }
}
