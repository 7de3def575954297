package com.compozy.monitoring.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.OtlpReceiver;
import com.compozy.monitoring.testing.OtlpReceiver.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * The demo with tracing switched on by configuration alone, exporting to a test collector: one
 * order is one trace from the HTTP request through the workflow run to every activity attempt, and
 * a real Prometheus storing exemplars finds exactly those traces behind the latency histograms.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DemoTracingSuite {
  /** Started before the deployment is built: its port goes into the WAR's configuration. */
  protected static final OtlpReceiver COLLECTOR = OtlpReceiver.start();
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration AWAIT = Duration.ofSeconds(60);

  private static PrometheusServer prometheus;

  protected abstract URL app();

  public static WebArchive tracedDemoWar() {
    File war = new File(System.getProperty("it.demo.war"));
    WebArchive archive = ShrinkWrap.create(ZipImporter.class, "demo.war").importFrom(war).as(WebArchive.class);
    archive.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
    try {
      archive.addAsResource(new StringAsset(String.join("\n",
          "monitoring.enabled=true",
          "monitoring.path=/metrics",
          "monitoring.tracing.enabled=true",
          "otel.exporter.otlp.endpoint=" + COLLECTOR.endpoint(),
          "otel.bsp.schedule.delay=100",
          "otel.service.name=demo-traced",
          "demo.temporal.port=" + PrometheusServer.freePort(), "")), "META-INF/microprofile-config.properties");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return archive;
  }

  @AfterAll
  static void stop() throws InterruptedException {
    COLLECTOR.close();
    if (prometheus != null) {
      prometheus.close();
      prometheus = null;
    }
  }

  /**
   * Each order reserves, charges (the first charge attempt fails, the retry succeeds) and ships; the
   * trace must say exactly that, with every span's parent the one above it.
   */
  @Test
  @Order(1)
  void anOrderIsOneTraceFromTheRequestThroughTheWorkflowToEveryActivityAttempt() {
    String traceparent = "00-" + "4bf92f3577b34da6a3ce929d0e0e4736" + "-" + "00f067aa0ba902b7" + "-01";
    HttpResponse<String> started = Http.send(app(), "POST", "api/v1/workflows", "traceparent", traceparent);
    assertThat(started.statusCode()).isEqualTo(202);
    String id = Json.createReader(new StringReader(started.body())).readObject().getString("id");
    awaitFinished(id);

    String expected = String.join("\n",
        "POST /api/v1/workflows SERVER",
        "  StartWorkflow:OrderWorkflow CLIENT",
        "    RunWorkflow:OrderWorkflow SERVER",
        "      StartActivity:Reserve CLIENT",
        "        RunActivity:Reserve SERVER",
        "      StartActivity:Charge CLIENT",
        "        RunActivity:Charge SERVER error",
        "        RunActivity:Charge SERVER",
        "      StartActivity:Ship CLIENT",
        "        RunActivity:Ship SERVER");
    await().atMost(AWAIT).untilAsserted(() ->
        assertThat(tree("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")).isEqualTo(expected));
    Span server = spansOf("4bf92f3577b34da6a3ce929d0e0e4736").stream()
        .filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER && span.getName().startsWith("POST"))
        .findFirst().orElseThrow();
    assertThat(HEX.formatHex(server.getParentSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
    assertThat(COLLECTOR.spans()).filteredOn(received -> received.span().getName().startsWith("RunWorkflow"))
        .allSatisfy(received -> assertThat(received.resourceAttribute("service.name")).hasValue("demo-traced"));
  }

  /**
   * Prometheus scrapes OpenMetrics with exemplars on: every exemplar of the HTTP and Temporal
   * latency histograms names a trace the collector received, and its span is that trace's span of
   * the kind that recorded it.
   */
  @Test
  @Order(2)
  void prometheusExemplarsAreExactlyTheExportedTraces() throws Exception {
    Instant from = Instant.now().minusSeconds(600);
    prometheus = PrometheusServer.start("scrape_configs:\n" + PrometheusServer.job("demo", app(), "/demo/metrics", ""),
        "--enable-feature=exemplar-storage");
    await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.value("up{job=\"demo\"}") == 1);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> started = Http.send(app(), "POST", "api/v1/workflows");
      assertThat(started.statusCode()).isEqualTo(202);
      ids.add(Json.createReader(new StringReader(started.body())).readObject().getString("id"));
    }
    ids.forEach(this::awaitFinished);
    for (int i = 0; i < 5; i++) {
      assertThat(Http.send(app(), "GET", "api/v1/workflows/" + ids.get(0)).statusCode()).isEqualTo(200);
    }

    for (String histogram : List.of("compozy_http_request_duration_seconds_bucket",
        "compozy_temporal_workflow_duration_seconds_bucket", "compozy_temporal_activity_duration_seconds_bucket")) {
      await().atMost(AWAIT).untilAsserted(() -> {
        List<Map<String, String>> exemplars = prometheus.exemplars(histogram + "{job=\"demo\"}", from, Instant.now());
        assertThat(exemplars).as(histogram).isNotEmpty();
        Set<String> received = COLLECTOR.spans().stream()
            .map(span -> HEX.formatHex(span.span().getTraceId().toByteArray()) + "/"
                + HEX.formatHex(span.span().getSpanId().toByteArray()))
            .collect(Collectors.toSet());
        assertThat(exemplars).as(histogram).allSatisfy(exemplar ->
            assertThat(received).contains(exemplar.get("trace_id") + "/" + exemplar.get("span_id")));
      });
    }
    // the HTTP exemplars point at server spans, the activity ones at activity attempts
    Map<String, String> spanNames = new java.util.HashMap<>();
    COLLECTOR.spans().forEach(span -> spanNames.put(HEX.formatHex(span.span().getSpanId().toByteArray()),
        span.span().getName()));
    assertThat(prometheus.exemplars("compozy_http_request_duration_seconds_bucket{job=\"demo\"}", from, Instant.now()))
        .allSatisfy(exemplar -> assertThat(spanNames.get(exemplar.get("span_id"))).matches("(POST|GET) /api/.*"));
    assertThat(prometheus.exemplars("compozy_temporal_activity_duration_seconds_bucket{job=\"demo\"}", from,
        Instant.now())).allSatisfy(exemplar -> assertThat(spanNames.get(exemplar.get("span_id"))).startsWith("RunActivity:"));
  }

  private void awaitFinished(String id) {
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).until(() ->
        !Http.send(app(), "GET", "api/v1/workflows/" + id).body().contains("\"running\""));
  }

  private static List<Span> spansOf(String traceId) {
    return COLLECTOR.spans().stream().map(ResourceSpans::span)
        .filter(span -> HEX.formatHex(span.getTraceId().toByteArray()).equals(traceId)).toList();
  }

  /** The trace as an indented tree below the span whose parent is {@code rootParent}; siblings by start time. */
  private static String tree(String traceId, String rootParent) {
    List<Span> spans = spansOf(traceId);
    StringBuilder out = new StringBuilder();
    append(out, spans, rootParent, 0, new HashSet<>());
    return out.toString().stripTrailing();
  }

  private static void append(StringBuilder out, List<Span> spans, String parent, int depth, Set<String> seen) {
    spans.stream().filter(span -> HEX.formatHex(span.getParentSpanId().toByteArray()).equals(parent))
        .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
        .forEach(span -> {
          String id = HEX.formatHex(span.getSpanId().toByteArray());
          out.append("  ".repeat(depth)).append(span.getName()).append(' ')
              .append(span.getKind().name().substring("SPAN_KIND_".length()))
              .append(span.getStatus().getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR
                  ? " error" : "")
              .append('\n');
          if (seen.add(id)) {
            append(out, spans, id, depth + 1, seen);
          }
        });
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static List<Map<String, String>> exemplarLabels(JsonObject body) {
    List<Map<String, String>> result = new ArrayList<>();
    for (JsonValue series : body.getJsonArray("data")) {
      for (JsonValue exemplar : series.asJsonObject().getJsonArray("exemplars")) {
        Map<String, String> labels = new java.util.HashMap<>();
        exemplar.asJsonObject().getJsonObject("labels")
            .forEach((key, value) -> labels.put(key, ((jakarta.json.JsonString) value).getString()));
        result.add(labels);
      }
    }
    return result;
  }
}
