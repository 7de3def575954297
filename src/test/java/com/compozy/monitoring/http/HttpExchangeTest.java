package com.compozy.monitoring.http;

import static com.compozy.monitoring.http.Series.IN_FLIGHT;
import static com.compozy.monitoring.http.Series.REQUESTS;
import static com.compozy.monitoring.http.Series.completed;
import static com.compozy.monitoring.http.Series.lines;
import static com.compozy.monitoring.http.Series.route;
import static com.compozy.monitoring.http.Series.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One exchange's lifecycle: in flight from the match, recorded once at the end. */
class HttpExchangeTest {
  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private HttpExchange exchange(String method, List<String> exclusions) {
    return HttpExchange.open(new HttpMetrics(service.meter(), new Exclusions(exclusions)),
        FakeServlet.request(method, "/api/a/1"), FakeServlet.response());
  }

  @Test
  void inFlightFromTheMatchUntilTheEndWhichRecordsOnce() {
    HttpExchange exchange = exchange("DELETE", List.of());
    assertThat(exchange.awaitsRoute()).isTrue();
    exchange.matched("/api/a/{id}");
    assertThat(exchange.awaitsRoute()).isFalse();
    assertThat(value(service, IN_FLIGHT, route("DELETE", "/api/a/{id}"))).isEqualTo(1);

    exchange.handledByJaxrs();
    exchange.end(204);
    exchange.end(500); // e.g. the async listener after the filter: ignored

    assertThat(value(service, REQUESTS, completed("DELETE", "/api/a/{id}", 204))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
    assertThat(value(service, IN_FLIGHT, route("DELETE", "/api/a/{id}"))).isZero();
  }

  @Test
  void aSecondMatchIsIgnored() {
    HttpExchange exchange = exchange("GET", List.of());
    exchange.matched("/api/a/{id}");
    exchange.matched("/api/b");
    exchange.end(200);

    assertThat(value(service, REQUESTS, completed("GET", "/api/a/{id}", 200))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
    assertThat(lines(service, IN_FLIGHT)).containsExactly(IN_FLIGHT + "{http_method=\"GET\",http_route=\"/api/a/{id}\"} 0.0");
  }

  @Test
  void aMatchAfterTheEndIsIgnored() {
    HttpExchange servletThrew = exchange("GET", List.of());
    servletThrew.end(500); // no JAX-RS: nothing recorded
    assertThat(servletThrew.awaitsRoute()).isFalse(); // a JAX-RS filter in the error dispatch leaves it alone
    servletThrew.matched("/api/errors"); // and a match that happens anyway changes nothing
    servletThrew.handledByJaxrs();
    servletThrew.end(200);

    HttpExchange jaxrsThrew = exchange("GET", List.of());
    jaxrsThrew.matched("/api/a/{id}");
    jaxrsThrew.end(500);
    jaxrsThrew.matched("/api/errors");
    jaxrsThrew.end(200);

    assertThat(lines(service, IN_FLIGHT)).containsExactly(IN_FLIGHT + "{http_method=\"GET\",http_route=\"/api/a/{id}\"} 0.0");
    assertThat(lines(service, REQUESTS))
        .containsExactly(REQUESTS + "{http_method=\"GET\",http_route=\"/api/a/{id}\",http_status_code=\"500\"} 1.0");
  }

  @Test
  void aMatchRacingTheEndOnAnotherThreadIsCountedOnceAndNeverLeftInFlight() throws Exception {
    HttpMetrics metrics = new HttpMetrics(service.meter(), new Exclusions(List.of()));
    int exchanges = 2_000;
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < exchanges; i++) {
        HttpExchange exchange = HttpExchange.open(metrics, FakeServlet.request("GET", "/api/a/1"), FakeServlet.response());
        exchange.handledByJaxrs();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> ending = other.submit(() -> {
          start.await();
          exchange.end(200);
          return null;
        });
        start.await();
        exchange.matched("/api/a/{id}");
        ending.get();
      }
    } finally {
      other.shutdownNow();
    }

    assertThat(value(service, IN_FLIGHT, route("GET", "/api/a/{id}"))).isZero();
    // matched before the end: the route; after: unmatched (JAX-RS had answered); never both, never none
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(REQUESTS)).isSubsetOf(completed("GET", "/api/a/{id}", 200),
        completed("GET", "unmatched", 200));
    assertThat(scrape.samples(REQUESTS).stream().mapToDouble(Scrape.Sample::value).sum()).isEqualTo(exchanges);
  }

  @Test
  void anExcludedTemplateRecordsNothing() {
    HttpExchange exchange = exchange("GET", List.of("/api/a/{id}"));
    exchange.matched("/api/a/{id}");
    assertThat(exchange.awaitsRoute()).isFalse(); // no later filter tries again
    exchange.handledByJaxrs();
    exchange.end(200);

    assertThat(lines(service, REQUESTS)).isEmpty();
    assertThat(lines(service, IN_FLIGHT)).isEmpty();
  }

  @Test
  void unmatchedIsCountedOnlyWhenJaxrsHandledIt() {
    HttpExchange servlet = exchange("GET", List.of());
    servlet.end(200); // a plain servlet or static file behind the same filter

    HttpExchange notFound = exchange("GET", List.of());
    notFound.handledByJaxrs();
    notFound.end(404);

    assertThat(value(service, REQUESTS, completed("GET", "unmatched", 404))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
  }

  @Test
  void onlyARequestThatMayHaveABodyIsWrapped() {
    HttpMetrics metrics = new HttpMetrics(service.meter(), new Exclusions(List.of()));
    FakeServlet.Request get = FakeServlet.request("GET", "/api/a/1");
    FakeServlet.Request empty = FakeServlet.request("POST", "/api/a").body("");
    FakeServlet.Request sized = FakeServlet.request("POST", "/api/a").body("{}");
    FakeServlet.Request chunked = FakeServlet.request("POST", "/api/a").chunked("{}");

    assertThat(HttpExchange.open(metrics, get, FakeServlet.response()).request()).isSameAs(get);
    assertThat(HttpExchange.open(metrics, empty, FakeServlet.response()).request()).isSameAs(empty);
    assertThat(HttpExchange.open(metrics, sized, FakeServlet.response()).request()).isInstanceOf(CountingRequest.class);
    assertThat(HttpExchange.open(metrics, chunked, FakeServlet.response()).request())
        .isInstanceOf(CountingRequest.class);
  }

  @Test
  void aStatusOutsideTheStandardRangeIsStillRecordedWithItsValue() {
    HttpExchange exchange = exchange("GET", List.of());
    exchange.matched("/api/a/{id}");
    exchange.end(999);
    assertThat(value(service, REQUESTS, completed("GET", "/api/a/{id}", 999))).isEqualTo(1);
  }
}
