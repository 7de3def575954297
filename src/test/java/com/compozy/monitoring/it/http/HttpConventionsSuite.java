package com.compozy.monitoring.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.Scrape.Sample;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The semantic-convention HTTP series ({@code monitoring.http.conventions=otel} and {@code both}) on a
 * real runtime: a created, a not-found, a failed and an {@code _OTHER} request, each counted once
 * with exactly its attributes, and in {@code both} once more under the compozy names (there with the
 * conventions' duration only). Run on every
 * server; the compozy-only names are the {@link HttpConformanceSuite}'s.
 */
public abstract class HttpConventionsSuite {
  static final String DURATION = "http_server_request_duration_seconds";
  static final String ACTIVE = "http_server_active_requests";
  static final String REQUESTS = "compozy_http_requests_total";
  private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** The application recording with {@code monitoring.http.conventions=otel}. */
  protected abstract URL otel();

  /** The application recording with {@code monitoring.http.conventions=both}. */
  protected abstract URL both();

  public static WebArchive conventionsWar(String conventions) {
    return Deployments.war("conventions-" + conventions,
        Deployments.config("monitoring.enabled", "true", "monitoring.http.conventions", conventions),
        ConformanceApplication.class, UsersResource.class, ConflictException.class, ConflictMapper.class);
  }

  private static Scrape scrape(URL app) {
    HttpResponse<String> response = Http.get(app, "metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return Scrape.parse(response.body());
  }

  private static int send(URL app, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(Http.resolve(app, path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "text/plain");
    }
    HttpResponse<String> response = HTTP_1_1.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    return response.statusCode();
  }

  /** The labels of one exchange; {@code route} null when none matched, {@code error} null unless 5xx. */
  static Map<String, String> exchange(String method, String route, int status) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (status >= 500) {
      labels.put("error_type", String.valueOf(status));
    }
    labels.put("http_request_method", method);
    labels.put("http_response_status_code", String.valueOf(status));
    if (route != null) {
      labels.put("http_route", route);
    }
    labels.put("network_protocol_version", "1.1");
    labels.put("url_scheme", "http");
    return labels;
  }

  /** Every series of {@code name} that grew, with how much. */
  private static Map<Map<String, String>, Double> increased(Scrape before, Scrape after, String name) {
    Map<Map<String, String>, Double> increased = new HashMap<>();
    for (Sample sample : after.samples(name)) {
      double increase = Scrape.increase(before, after, name, sample.labels());
      if (increase > 0) {
        increased.put(sample.labels(), increase);
      }
    }
    return increased;
  }

  /** Sends the four requests and returns the PURGE's status (405 or 404 depending on the runtime). */
  private static int sendTheFour(URL app) throws Exception {
    assertThat(send(app, "POST", "api/users", "x".repeat(321))).isEqualTo(201);
    assertThat(send(app, "GET", "api/nope/7", null)).isEqualTo(404);
    assertThat(send(app, "GET", "api/users/1/unmapped", null)).isEqualTo(500);
    return send(app, "PURGE", "api/users/1", null);
  }

  private static Map<Map<String, String>, Double> expected(int purge) {
    return Map.of(
        exchange("POST", "/api/users", 201), 1.0,
        exchange("GET", null, 404), 1.0,
        exchange("GET", "/api/users/{id}/unmapped", 500), 1.0,
        exchange("_OTHER", null, purge), 1.0);
  }

  @Test
  void otelCountsEachRequestOnceWithExactlyTheStableAttributes() throws Exception {
    Scrape before = scrape(otel());
    int purge = sendTheFour(otel());
    Scrape after = scrape(otel());

    assertThat(increased(before, after, DURATION + "_count")).isEqualTo(expected(purge));
    assertThat(Scrape.increase(before, after, "http_server_request_body_size_bytes_sum",
        exchange("POST", "/api/users", 201))).isEqualTo(321);
    assertThat(after.value(ACTIVE, "http_request_method", "POST", "url_scheme", "http")).isZero();
    assertThat(after.samples()).noneMatch(s -> s.name().startsWith("compozy_http_"));
    assertThat(after.samples(DURATION + "_bucket").stream()
        .filter(s -> s.labels().get("http_response_status_code").equals("201")).map(s -> s.labels().get("le")))
        .containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5",
            "5.0", "7.5", "10.0", "+Inf");
  }

  @Test
  void bothCountsEachRequestOnceUnderEachSetOfNames() throws Exception {
    Scrape before = scrape(both());
    int purge = sendTheFour(both());
    Scrape after = scrape(both());

    assertThat(increased(before, after, DURATION + "_count")).isEqualTo(expected(purge));
    assertThat(increased(before, after, REQUESTS)).isEqualTo(Map.of(
        compozy("POST", "/api/users", 201), 1.0,
        compozy("GET", "unmatched", 404), 1.0,
        compozy("GET", "/api/users/{id}/unmapped", 500), 1.0,
        compozy("_OTHER", "unmatched", purge), 1.0));
    // one measurement: the two duration histograms of an exchange hold the same sum
    assertThat(Scrape.increase(before, after, DURATION + "_sum", exchange("POST", "/api/users", 201)))
        .isPositive().isEqualTo(Scrape.increase(before, after, "compozy_http_request_duration_seconds_sum",
            compozy("POST", "/api/users", 201)));
    assertThat(after.value("compozy_http_requests_in_flight", "http_method", "POST", "http_route", "/api/users"))
        .isZero();
    // the conventions' development instruments would repeat the compozy in-flight and size series
    assertThat(after.samples()).extracting(Sample::name).noneMatch(name -> name.equals(ACTIVE)
        || name.startsWith("http_server_request_body_size") || name.startsWith("http_server_response_body_size"));
    assertThat(Scrape.increase(before, after, "compozy_http_request_size_bytes_sum",
        compozy("POST", "/api/users", 201))).isEqualTo(321);
  }

  private static Map<String, String> compozy(String method, String route, int status) {
    return Map.of("http_method", method, "http_route", route, "http_status_code", String.valueOf(status));
  }
}
