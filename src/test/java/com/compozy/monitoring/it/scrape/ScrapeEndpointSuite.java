package com.compozy.monitoring.it.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.testing.ProtobufScrape;
import com.compozy.monitoring.testing.Scrape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The scrape endpoint as a scraper and a hostile client meet it, run unchanged on every runtime: one
 * WAR with monitoring on, native histograms on, a bearer token, and the application's own
 * {@code /metrics} resource under {@code @ApplicationPath("/")}, which the endpoint hides.
 */
public abstract class ScrapeEndpointSuite {
  static final String TOKEN = "it-token-9f8e7d";
  static final String BEARER = "Bearer " + TOKEN;

  protected abstract URL app();

  /** The server's log so far. */
  protected abstract String serverLog();

  public static WebArchive scrapeWar() {
    return Deployments.war("scrape", Deployments.config("monitoring.enabled", "true",
            "monitoring.histograms.native", "true", "monitoring.auth.token", TOKEN),
        TestApplication.class, ClicksResource.class, OwnMetricsResource.class);
  }

  private HttpResponse<byte[]> scrape(String... headers) {
    List<String> all = new ArrayList<>(List.of("Authorization", BEARER));
    all.addAll(List.of(headers));
    return Http.getBytes(app(), "metrics", all.toArray(String[]::new));
  }

  private static String gunzip(byte[] body) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void protobufWithAndWithoutGzipHasEverySeriesOfTheTextScrape() throws IOException {
    Http.send(app(), "POST", "clicks/proto");
    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(app(), "clicks/state").statusCode()).isEqualTo(200);
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Scrape text = Scrape.parse(new String(scrape().body(), StandardCharsets.UTF_8));
      HttpResponse<byte[]> plain = scrape("Accept", ProtobufScrape.ACCEPT);
      HttpResponse<byte[]> gzipped = scrape("Accept", ProtobufScrape.ACCEPT, "Accept-Encoding", "gzip");

      for (HttpResponse<byte[]> response : List.of(plain, gzipped)) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
            assertThat(type).startsWith("application/vnd.google.protobuf").contains("encoding=delimited"));
        assertThat(response.body()).isNotEmpty();
      }
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      Map<String, Double> fromText = ProtobufScrape.samples(text);
      for (ProtobufScrape protobuf : List.of(ProtobufScrape.parse(plain.body(), false),
          ProtobufScrape.parse(gzipped.body(), true))) {
        // values move between scrapes (JVM, the scrapes' own HTTP series); the series must not
        assertThat(protobuf.samples().keySet()).isEqualTo(fromText.keySet());
        assertThat(protobuf.samples()).containsEntry("compozy_it_clicks_total{button=\"proto\",}", 1.0);
        assertThat(protobuf.family("compozy_http_request_duration_seconds").getMetricList())
            .allSatisfy(metric -> assertThat(metric.getHistogram().getPositiveSpanCount()
                + metric.getHistogram().getZeroCount()).as("native part of %s", metric).isPositive());
      }
    });
  }

  @Test
  void onlyGetAndHeadAreAnswered() {
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "TRACE")) {
      HttpResponse<String> response = Http.send(app(), method, "metrics", "Authorization", BEARER,
          "X-Probe", "echo-me-not");

      assertThat(response.body()).as(method).doesNotContain("echo-me-not").doesNotContain(TOKEN);
      if (method.equals("TRACE")) {
        // servers refuse TRACE before any servlet sees it (Liberty 403; Payara 405 with its own Allow)
        assertThat(response.statusCode()).as(method).isIn(403, 405);
        assertThat(response.headers().allValues("Allow")).as(method).noneMatch(allow -> allow.contains("TRACE"));
      } else {
        assertThat(response.statusCode()).as(method).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).as(method).hasValueSatisfying(allow ->
            assertThat(allow.replace(" ", "").split(",")).as(method).containsExactlyInAnyOrder("GET", "HEAD"));
      }
    }
    HttpResponse<String> head = Http.send(app(), "HEAD", "metrics", "Authorization", BEARER);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void theDebugParameterNeverEchoesAndNever500s() {
    HttpResponse<String> hostile = Http.get(app(), "metrics?debug=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "Authorization", BEARER);

    assertThat(hostile.statusCode()).isEqualTo(400);
    assertThat(hostile.body()).isEqualTo("Unsupported debug value; valid values are text, openmetrics and"
        + " prometheus-protobuf");
    for (String format : List.of("text", "openmetrics", "prometheus-protobuf")) {
      HttpResponse<String> debug = Http.get(app(), "metrics?debug=" + format, "Authorization", BEARER);
      assertThat(debug.statusCode()).as(format).isEqualTo(200);
      assertThat(debug.body()).as(format).contains("compozy_system_build_info");
    }
  }

  @Test
  void theTokenIsRequired() throws IOException {
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong"},
        new String[] {"Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            ("x:" + TOKEN).getBytes(StandardCharsets.UTF_8))})) {
      HttpResponse<String> refused = Http.get(app(), "metrics", headers);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
      assertThat(refused.body()).doesNotContain("compozy_");
    }
    HttpResponse<byte[]> admitted = scrape("Accept-Encoding", "gzip");
    assertThat(admitted.statusCode()).isEqualTo(200);
    assertThat(gunzip(admitted.body())).contains("compozy_system_build_info");
    assertThat(serverLog()).doesNotContain(TOKEN);
  }

  @Test
  void theEndpointHidesTheApplicationsOwnMetricsResourceAndSaysSoOnce() {
    assertThat(new String(scrape().body(), StandardCharsets.UTF_8)).doesNotContain(OwnMetricsResource.BODY)
        .contains("compozy_system_build_info");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<String> warnings = serverLog().lines()
          .filter(line -> line.contains("Monitoring scrape endpoint at /scrape/metrics hides")).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains(OwnMetricsResource.class.getName() + " (/metrics)");
    });
  }
}
