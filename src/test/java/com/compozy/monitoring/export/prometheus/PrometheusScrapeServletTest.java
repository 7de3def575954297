package com.compozy.monitoring.export.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
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

  private FakeResponse get(Map<String, String> headers, String query) throws Exception {
    FakeResponse response = new FakeResponse();
    servlet.service(request(headers, query), response.proxy());
    return response;
  }

  /** A GET of {@code /app/metrics} with {@code headers}; anything else the servlet asks for fails the test. */
  private static HttpServletRequest request(Map<String, String> headers, String query) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return (HttpServletRequest) Proxy.newProxyInstance(PrometheusScrapeServletTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> {
          switch (method.getName()) {
            case "getMethod":
              return "GET";
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
