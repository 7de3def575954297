package com.compozy.monitoring.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Executables;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Debian's {@code prometheus} on a free loopback port, scraping one target every second. Missing
 * binary: see {@link Executables}.
 */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final Path directory;
  private final URL base;

  private PrometheusServer(Process process, Path directory, URL base) {
    this.process = process;
    this.directory = directory;
    this.base = base;
  }

  /** Starts Prometheus scraping {@code target}'s {@code metricsPath}, with {@code rules} loaded if given. */
  static PrometheusServer scraping(String job, URL target, String metricsPath, Path rules) throws IOException {
    return start((rules == null ? "" : "rule_files:\n  - " + rules.toAbsolutePath() + "\n")
        + "scrape_configs:\n" + job(job, target, metricsPath, ""));
  }

  /** One {@code scrape_configs} entry; {@code extra} is further YAML indented by four spaces. */
  static String job(String job, URL target, String metricsPath, String extra) {
    return "  - job_name: " + job + "\n    metrics_path: " + metricsPath + "\n" + extra
        + "    static_configs:\n      - targets: ['" + target.getHost() + ":" + target.getPort() + "']\n";
  }

  /** Starts Prometheus with {@code config} after a 1 s global interval, and {@code flags}. */
  static PrometheusServer start(String config, String... flags) throws IOException {
    Path binary = Executables.require("prometheus");
    Path directory = Files.createTempDirectory("prometheus-it");
    int port = freePort();
    Files.writeString(directory.resolve("prometheus.yml"),
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n" + config);
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary.toString(),
        "--config.file=" + directory.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port));
    command.addAll(java.util.List.of(flags));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, directory, URI.create("http://127.0.0.1:" + port + "/").toURL());
    Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> Http.get(server.base, "-/ready").statusCode() == 200);
    return server;
  }

  /** An instant query's result: each series' labels (without {@code __name__}) to its value. */
  Map<Map<String, String>, Double> query(String promql) {
    HttpResponse<String> response =
        Http.get(base, "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(body.getString("status")).as("%s: %s", promql, response.body()).isEqualTo("success");
    Map<Map<String, String>, Double> result = new HashMap<>();
    JsonObject data = body.getJsonObject("data");
    if (!"vector".equals(data.getString("resultType"))) {
      JsonArray scalar = data.getJsonArray("result");
      result.put(Map.of(), Double.parseDouble(scalar.getString(1)));
      return result;
    }
    for (JsonValue item : data.getJsonArray("result")) {
      JsonObject series = item.asJsonObject();
      Map<String, String> labels = new HashMap<>();
      series.getJsonObject("metric").forEach((key, value) -> {
        if (!key.equals("__name__")) {
          labels.put(key, ((jakarta.json.JsonString) value).getString());
        }
      });
      result.put(labels, Double.parseDouble(series.getJsonArray("value").getString(1)));
    }
    return result;
  }

  /** The single value of a query that aggregates to one series, 0 when it has none. */
  double value(String promql) {
    Map<Map<String, String>, Double> result = query(promql);
    assertThat(result.size()).as(promql).isLessThanOrEqualTo(1);
    return result.values().stream().findFirst().orElse(0.0);
  }

  /** The labels (trace_id, span_id) of every exemplar stored for {@code promql} between the two instants. */
  java.util.List<Map<String, String>> exemplars(String promql, java.time.Instant start, java.time.Instant end) {
    HttpResponse<String> response = Http.get(base, "api/v1/query_exemplars?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&start=" + start.getEpochSecond()
        + "&end=" + end.getEpochSecond());
    JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(body.getString("status")).as("%s: %s", promql, response.body()).isEqualTo("success");
    return DemoTracingSuite.exemplarLabels(body);
  }

  JsonArray ruleGroups() {
    HttpResponse<String> response = Http.get(base, "api/v1/rules");
    return Json.createReader(new StringReader(response.body())).readObject().getJsonObject("data")
        .getJsonArray("groups");
  }

  String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
