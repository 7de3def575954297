package com.compozy.monitoring.export.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.testing.Scrape;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads on a collector that holds its collection open until the test lets it finish. */
class SharedScrapeRegistryTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final GatedCollector collector = new GatedCollector();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SharedScrapeRegistry shared = new SharedScrapeRegistry(registry);

  SharedScrapeRegistryTest() {
    registry.register(collector);
    registry.register(new Collector() {
      @Override
      public MetricSnapshot collect() {
        return gauge("other_gauge", 7);
      }
    });
  }

  @AfterEach
  void stop() {
    collector.open();
    pool.shutdownNow();
  }

  @Test
  void scrapesArrivingDuringACollectionWaitForItAndGetItsSnapshots() throws Exception {
    Future<MetricSnapshots> first = pool.submit(() -> shared.scrape(request()));
    collector.awaitEntered(1);
    List<Future<MetricSnapshots>> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      later.add(pool.submit(() -> shared.scrape(request())));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.waiting() == 5);

    collector.open();

    MetricSnapshots collected = first.get(10, TimeUnit.SECONDS);
    for (Future<MetricSnapshots> scrape : later) {
      assertThat(scrape.get(10, TimeUnit.SECONDS)).isSameAs(collected);
    }
    assertThat(collector.collections).hasValue(1);
    assertThat(Scrape.of(collected).value("gated")).isEqualTo(1);
  }

  @Test
  void aScrapeAfterTheCollectionEndedCollectsAgain() {
    collector.open();
    assertThat(Scrape.of(shared.scrape(request())).value("gated")).isEqualTo(1);
    assertThat(Scrape.of(shared.scrape(request())).value("gated")).isEqualTo(2);
    assertThat(Scrape.of(shared.scrape()).value("gated")).isEqualTo(3);
    assertThat(shared.waiting()).isZero();
  }

  @Test
  void filteredScrapesShareOnlyWithTheSameNamesInAnyOrder() throws Exception {
    Future<MetricSnapshots> all = pool.submit(() -> shared.scrape(request()));
    collector.awaitEntered(1);
    Future<MetricSnapshots> filtered = pool.submit(
        () -> shared.scrape(name -> name.equals("gated"), request("gated", "other_gauge")));
    collector.awaitEntered(2);
    Future<MetricSnapshots> sameNames = pool.submit(
        () -> shared.scrape(name -> name.equals("gated"), request("other_gauge", "gated", "gated")));
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.waiting() == 1);

    collector.open();

    Scrape everything = Scrape.of(all.get(10, TimeUnit.SECONDS));
    assertThat(everything.value("other_gauge")).isEqualTo(7);
    MetricSnapshots onlyGated = filtered.get(10, TimeUnit.SECONDS);
    assertThat(sameNames.get(10, TimeUnit.SECONDS)).isSameAs(onlyGated);
    assertThat(collector.collections).hasValue(2);
    assertThat(Scrape.of(onlyGated).families("")).extracting(Scrape.Family::name).containsExactly("gated");
  }

  @Test
  void whenTheCollectionFailsEveryWaitingScrapeFailsTheSameWayAndTheNextOneWorks() throws Exception {
    collector.failure.set(new IllegalStateException("collector broke"));
    Future<Throwable> first = pool.submit(failureOf(() -> shared.scrape(request())));
    collector.awaitEntered(1);
    Future<Throwable> waiting = pool.submit(failureOf(() -> shared.scrape(request())));
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.waiting() == 1);

    collector.open();

    assertThat(first.get(10, TimeUnit.SECONDS)).hasMessage("collector broke");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
        .hasMessage("collector broke");
    collector.failure.set(null);
    assertThat(Scrape.of(shared.scrape(request())).value("gated")).isEqualTo(2);
  }

  @Test
  void client_javasScrapeHandlerSharesTheCollectionAcrossConcurrentRequests() throws Exception {
    PrometheusScrapeHandler handler = new PrometheusScrapeHandler(PrometheusProperties.get(), shared);
    List<Future<FakeExchange>> scrapes = new ArrayList<>();
    scrapes.add(pool.submit(() -> handle(handler)));
    collector.awaitEntered(1);
    for (int i = 0; i < 3; i++) {
      scrapes.add(pool.submit(() -> handle(handler)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.waiting() == 3);

    collector.open();

    for (Future<FakeExchange> scrape : scrapes) {
      FakeExchange exchange = scrape.get(10, TimeUnit.SECONDS);
      assertThat(exchange.status).isEqualTo(200);
      Scrape parsed = Scrape.parse(exchange.body.toString(StandardCharsets.UTF_8));
      assertThat(parsed.value("gated")).isEqualTo(1);
      assertThat(parsed.value("other_gauge")).isEqualTo(7);
    }
    assertThat(collector.collections).hasValue(1);
  }

  @Test
  void collectorsRegisteredThroughTheViewLandInTheRegistry() {
    collector.open();
    Collector added = () -> gauge("added", 3);
    shared.register(added);
    assertThat(Scrape.of(registry.scrape()).value("added")).isEqualTo(3);
    shared.unregister(added);
    assertThat(Scrape.of(registry.scrape()).has("added")).isFalse();
  }

  private static FakeExchange handle(PrometheusScrapeHandler handler) throws IOException {
    FakeExchange exchange = new FakeExchange();
    handler.handleRequest(exchange);
    return exchange;
  }

  private static Callable<Throwable> failureOf(Callable<?> scrape) {
    return () -> {
      try {
        scrape.call();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    };
  }

  private static GaugeSnapshot gauge(String name, double value) {
    return GaugeSnapshot.builder().name(name).help(name)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
  }

  private static PrometheusScrapeRequest request(String... names) {
    return new PrometheusScrapeRequest() {
      @Override
      public String getRequestPath() {
        return "/metrics";
      }

      @Override
      public String[] getParameterValues(String name) {
        return name.equals("name[]") && names.length > 0 ? names : null;
      }
    };
  }

  /** Counts collections and holds each open until {@link #open()}. */
  private static final class GatedCollector implements Collector {
    final AtomicInteger collections = new AtomicInteger();
    final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();

    @Override
    public MetricSnapshot collect() {
      entered.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      int n = collections.incrementAndGet();
      RuntimeException fail = failure.get();
      if (fail != null) {
        throw fail;
      }
      return gauge("gated", n);
    }

    void awaitEntered(int count) {
      await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() >= count);
    }

    void open() {
      gate.countDown();
    }
  }

  private static final class FakeExchange implements PrometheusHttpExchange, PrometheusHttpRequest,
      PrometheusHttpResponse {
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status;

    @Override public PrometheusHttpRequest getRequest() { return this; }
    @Override public PrometheusHttpResponse getResponse() { return this; }
    @Override public void handleException(IOException e) throws IOException { throw e; }
    @Override public void handleException(RuntimeException e) { throw e; }
    @Override public void close() {}
    @Override public String getQueryString() { return null; }
    @Override public Enumeration<String> getHeaders(String name) { return Collections.emptyEnumeration(); }
    @Override public String getMethod() { return "GET"; }
    @Override public String getRequestPath() { return "/metrics"; }
    @Override public void setHeader(String name, String value) {}

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
      status = statusCode;
      return body;
    }
  }
}
