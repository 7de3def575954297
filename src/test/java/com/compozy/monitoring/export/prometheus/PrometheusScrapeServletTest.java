package com.compozy.monitoring.export.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.ProtobufScrape;
import com.compozy.monitoring.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The servlet on minimal request and response doubles: what a container would hand it. */
class PrometheusScrapeServletTest {
  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final AtomicReference<Optional<PrometheusRegistry>> registry = new AtomicReference<>(Optional.empty());
  private final PrometheusScrapeServlet servlet = new PrometheusScrapeServlet(registry::get);

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private void record() {
    service.meter().counterBuilder("compozy_orders").setDescription("Orders").build().add(2);
    service.meter().counterBuilder("compozy_refunds").setDescription("Refunds").build().add(1);
    registry.set(service.prometheusRegistry());
  }

  @Test
  void answers503WithAMessageUntilThereIsARegistryThenServesIt() throws Exception {
    FakeResponse before = get(Map.of(), null);

    assertThat(before.status).isEqualTo(503);
    assertThat(before.headers).containsEntry("content-type", "text/plain; charset=utf-8");
    assertThat(before.text()).isEqualTo("Monitoring service not initialized");

    record();
    FakeResponse after = get(Map.of(), null);
    assertThat(after.status).isEqualTo(200);
    assertThat(Scrape.parse(after.text()).value("compozy_orders_total")).isEqualTo(2);
  }

  @Test
  void servesTheRegistrysSeriesInTheTextFormat() throws Exception {
    record();

    FakeResponse response = get(Map.of(), null);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers.get("content-type")).startsWith("text/plain; version=0.0.4");
    assertThat(response.headers).doesNotContainKey("content-encoding");
    Scrape scrape = Scrape.parse(response.text());
    assertThat(scrape.samples()).isEqualTo(Scrape.of(service).samples());
    assertThat(scrape.value("compozy_orders_total")).isEqualTo(2);
    assertThat(scrape.types("compozy_")).containsEntry("compozy_orders_total", "counter");
  }

  @Test
  void servesOpenMetricsWhenTheClientAcceptsIt() throws Exception {
    record();

    FakeResponse response =
        get(Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"), null);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers.get("content-type")).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(response.text()).contains("# TYPE compozy_orders counter\n")
        .contains("compozy_orders_total 2.0").endsWith("# EOF\n");
  }

  @Test
  void gzipsWhenTheClientAcceptsGzip() throws Exception {
    record();

    FakeResponse response = get(Map.of("Accept-Encoding", "gzip"), null);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers).containsEntry("content-encoding", "gzip");
    String body;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body.toByteArray()))) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Scrape.parse(body).value("compozy_orders_total")).isEqualTo(2);
  }

  @Test
  void filtersByName() throws Exception {
    record();

    FakeResponse response = get(Map.of(), "name[]=compozy_refunds_total");

    Scrape scrape = Scrape.parse(response.text());
    assertThat(scrape.value("compozy_refunds_total")).isEqualTo(1);
    assertThat(scrape.samples()).extracting(Scrape.Sample::name).containsOnly("compozy_refunds_total");
  }

  @Test
  void servesEverySeriesInTheProtobufFormatWithAndWithoutGzip() throws Exception {
    record();
    service.meter().histogramBuilder("compozy_latency").setUnit("s").setDescription("Latency")
        .setExplicitBucketBoundariesAdvice(java.util.List.of(0.1, 1.0)).build().record(0.5);
    Map<String, Double> text = ProtobufScrape.samples(Scrape.parse(get(Map.of(), null).text()));

    for (boolean gzip : new boolean[] {false, true}) {
      FakeResponse response = get(gzip ? Map.of("Accept", ProtobufScrape.ACCEPT, "Accept-Encoding", "gzip")
          : Map.of("Accept", ProtobufScrape.ACCEPT), null);

      assertThat(response.status).isEqualTo(200);
      assertThat(response.headers.get("content-type"))
          .isEqualTo("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
      assertThat(response.headers.get("content-encoding")).isEqualTo(gzip ? "gzip" : null);
      ProtobufScrape protobuf = ProtobufScrape.parse(response.body.toByteArray(), gzip);
      assertThat(protobuf.samples()).as("gzip=%s", gzip).isEqualTo(text);
      assertThat(protobuf.samples()).containsEntry("compozy_orders_total{}", 2.0)
          .containsEntry("compozy_latency_seconds_bucket{le=\"1.0\",}", 1.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"})
  void answersOnlyGetAndHead(String method) throws Exception {
    record();

    FakeResponse response = send(servlet, method, Map.of("X-Echo", "secret-cookie"), null);

    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers).containsEntry("allow", "GET, HEAD");
    assertThat(response.text()).isEqualTo("Method not allowed; use GET or HEAD").doesNotContain("secret-cookie");
  }

  @Test
  void headAnswersWithoutABody() throws Exception {
    record();

    FakeResponse response = send(servlet, "HEAD", Map.of(), null);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.text()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<script>alert(1)</script>", "", "TEXT", "json"})
  void anUnknownDebugValueIsA400ThatDoesNotEchoIt(String debug) throws Exception {
    record();

    FakeResponse response = get(Map.of(), "debug=" + java.net.URLEncoder.encode(debug, StandardCharsets.UTF_8));

    assertThat(response.status).isEqualTo(400);
    assertThat(response.text())
        .isEqualTo("Unsupported debug value; valid values are text, openmetrics and prometheus-protobuf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "openmetrics", "prometheus-protobuf"})
  void everyKnownDebugValueServesTheSeriesReadably(String debug) throws Exception {
    record();

    FakeResponse response = get(Map.of(), "debug=" + debug);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.text()).contains("compozy_orders");
  }

  @Test
  void aTokenIsRequiredWhenConfigured() throws Exception {
    record();
    PrometheusScrapeServlet protectedServlet = new PrometheusScrapeServlet(registry::get, "s3cret");

    FakeResponse none = send(protectedServlet, "GET", Map.of(), null);
    FakeResponse wrong = send(protectedServlet, "GET", Map.of("Authorization", "Bearer s3cre"), null);
    FakeResponse basic = send(protectedServlet, "GET", Map.of("Authorization", "Basic czNjcmV0"), null);
    FakeResponse right = send(protectedServlet, "GET", Map.of("Authorization", "Bearer s3cret"), null);
    FakeResponse head = send(protectedServlet, "HEAD", Map.of(), null);

    for (FakeResponse refused : java.util.List.of(none, wrong, basic, head)) {
      assertThat(refused.status).isEqualTo(401);
      assertThat(refused.headers).containsEntry("www-authenticate", "Bearer realm=\"metrics\"");
      assertThat(refused.text()).doesNotContain("compozy_").doesNotContain("s3cret");
    }
    assertThat(right.status).isEqualTo(200);
    assertThat(Scrape.parse(right.text()).value("compozy_orders_total")).isEqualTo(2);
  }

  @Test
  void aBlankTokenLeavesTheEndpointOpen() throws Exception {
    record();

    assertThat(send(new PrometheusScrapeServlet(registry::get, " "), "GET", Map.of(), null).status).isEqualTo(200);
  }

  private FakeResponse get(Map<String, String> headers, String query) throws Exception {
    return send(servlet, "GET", headers, query);
  }

  private static FakeResponse send(PrometheusScrapeServlet servlet, String method, Map<String, String> headers,
      String query) throws Exception {
    FakeResponse response = new FakeResponse();
    servlet.service(request(method, headers, query), response.proxy());
    return response;
  }

  /** A request of {@code /app/metrics} with {@code headers}; anything else the servlet asks for fails the test. */
  private static HttpServletRequest request(String httpMethod, Map<String, String> headers, String query) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return (HttpServletRequest) Proxy.newProxyInstance(PrometheusScrapeServletTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> {
          switch (method.getName()) {
            case "getMethod":
              return httpMethod;
            case "getParameter":
              return parameters(query).get((String) args[0]);
            case "getProtocol":
              return "HTTP/1.1";
            case "getHeader":
              return byName.get((String) args[0]);
            case "getHeaders":
              String value = byName.get((String) args[0]);
              return Collections.enumeration(value == null ? java.util.List.of() : java.util.List.of(value));
            case "getQueryString":
              return query;
            case "getContextPath":
              return "/app";
            case "getServletPath":
              return "/metrics";
            case "getPathInfo":
              return null;
            case "getDateHeader":
              return -1L;
            case "toString":
              return "GET /app/metrics";
            default:
              throw new UnsupportedOperationException("request." + method.getName());
          }
        });
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        parameters.putIfAbsent(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  /** Records status, headers (lower-cased names) and body. */
  private static final class FakeResponse {
    int status = 200;
    final Map<String, String> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletOutputStream out = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(int b) {
        body.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        body.write(b, off, len);
      }
    };

    String text() {
      return body.toString(StandardCharsets.UTF_8);
    }

    HttpServletResponse proxy() {
      return (HttpServletResponse) Proxy.newProxyInstance(PrometheusScrapeServletTest.class.getClassLoader(),
          new Class<?>[] {HttpServletResponse.class}, (self, method, args) -> {
            switch (method.getName()) {
              case "setStatus":
                status = (Integer) args[0];
                return null;
              case "setContentType":
                headers.put("content-type", (String) args[0]);
                return null;
              case "setHeader":
              case "addHeader":
                headers.put(((String) args[0]).toLowerCase(java.util.Locale.ROOT), (String) args[1]);
                return null;
              case "getHeader":
                return headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
              case "containsHeader":
                return headers.containsKey(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
              case "setContentLength":
                headers.put("content-length", String.valueOf(args[0]));
                return null;
              case "getOutputStream":
                return out;
              case "toString":
                return "response";
              default:
                throw new UnsupportedOperationException("response." + method.getName());
            }
          });
    }
  }
}
