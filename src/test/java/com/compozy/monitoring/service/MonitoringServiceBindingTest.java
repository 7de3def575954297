package com.compozy.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.TestClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MonitoringService#bind} and the builder's seams: clock, metric readers, tracer provider. */
class MonitoringServiceBindingTest {
  private static final MonitoringConfig ENABLED = MonitoringConfig.builder().enabled(true).build();

  private final List<MonitoringService> services = new ArrayList<>();

  @AfterEach
  void shutdown() {
    services.forEach(MonitoringService::shutdown);
  }

  private MonitoringService track(MonitoringService service) {
    services.add(service);
    return service;
  }

  /** A feature that records its life in {@code events}. */
  private record Feature(String name, List<String> events) implements AutoCloseable {
    @Override
    public void close() {
      events.add("closed " + name);
    }
  }

  private static final class OtherFeature implements AutoCloseable {
    final Feature inner;

    OtherFeature(Feature inner) {
      this.inner = inner;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void bindCreatesOneInstancePerTypeAndService() {
    MonitoringService service = track(MonitoringService.create(ENABLED));
    List<String> events = new ArrayList<>();
    AtomicInteger created = new AtomicInteger();
    List<MonitoringService> boundTo = new ArrayList<>();
    MonitoringBinder<Feature> binder = bound -> {
      boundTo.add(bound);
      created.incrementAndGet();
      return new Feature("a", events);
    };

    Feature first = service.bind(Feature.class, binder);
    Feature second = service.bind(Feature.class, binder);
    OtherFeature other = service.bind(OtherFeature.class, bound -> new OtherFeature(new Feature("b", events)));

    assertThat(second).isSameAs(first);
    assertThat(created).hasValue(1);
    assertThat(other.inner).isNotSameAs(first);
    MonitoringService another = track(MonitoringService.create(ENABLED));
    assertThat(another.bind(Feature.class, binder)).isNotSameAs(first);
    assertThat(created).hasValue(2);
    assertThat(boundTo).containsExactly(service, another);
    assertThat(events).isEmpty();
  }

  @Test
  void shutdownClosesTheFeaturesLastBoundFirstOnceAndDespiteAFailingOne() {
    MonitoringService service = MonitoringService.create(ENABLED);
    List<String> events = new ArrayList<>();
    service.bind(Feature.class, bound -> new Feature("first", events));
    service.bind(FailingFeature.class, bound -> new FailingFeature(events));
    service.bind(OtherFeature.class, bound -> new OtherFeature(new Feature("last", events)));

    service.shutdown();
    service.shutdown();

    assertThat(events).containsExactly("closed last", "failing close", "closed first");
  }

  private static final class FailingFeature implements AutoCloseable {
    private final List<String> events;

    FailingFeature(List<String> events) {
      this.events = events;
    }

    @Override
    public void close() {
      events.add("failing close");
      throw new IllegalStateException("close failed");
    }
  }

  @Test
  void aFeatureClosedByShutdownStopsItsRegistryGauge() {
    MonitoringService service = MonitoringService.create(ENABLED);
    DispatcherMetrics.of(service).start("d1");
    PrometheusRegistry prometheus = service.prometheusRegistry().orElseThrow();
    assertThat(Scrape.of(prometheus).value("compozy_dispatcher_active_total", "dispatcher_id", "d1")).isEqualTo(1);

    service.shutdown();

    assertThat(Scrape.of(prometheus).labelSets("compozy_dispatcher_active_total")).isEmpty();
    assertThat(prometheus.scrape().stream().map(s -> s.getMetadata().getPrometheusName()))
        .doesNotContain("compozy_dispatcher_active_total");
  }

  @Test
  void theClockIsTheBuildersOrAMonotonicOneStartingAtTheWallTime() {
    TestClock clock = new TestClock();
    assertThat(track(MonitoringService.builder().config(ENABLED).clock(clock).build()).clock()).isSameAs(clock);
    assertThat(track(MonitoringService.builder().config(MonitoringConfig.defaults()).clock(clock).build()).clock())
        .isSameAs(clock);
    MonitoringService defaulted = track(MonitoringService.create(ENABLED));
    assertThat(defaulted.clock()).isInstanceOf(com.compozy.monitoring.internal.MonotonicClock.class);
    assertThat(defaulted.clock().instant())
        .isCloseTo(java.time.Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
  }

  @Test
  void aRegisteredMetricReaderReceivesTheSameCompozyMetricsAsThePrometheusRegistry() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    MonitoringService service = track(MonitoringService.builder().config(ENABLED).registerMetricReader(reader).build());
    service.meter().counterBuilder("compozy_orders").setDescription("Orders").build()
        .add(2, Attributes.of(AttributeKey.stringKey("kind"), "a"));
    service.meter().histogramBuilder("compozy_latency_seconds").setDescription("Latency").build().record(0.5);
    DispatcherMetrics.of(service).heartbeat("d1");

    List<MetricData> pushed = List.copyOf(reader.collectAllMetrics());
    Scrape scraped = Scrape.of(service);

    assertThat(pushed.stream().map(MetricData::getName).filter(n -> n.startsWith("compozy_")))
        .containsExactlyInAnyOrder("compozy_orders", "compozy_latency_seconds", "compozy_dispatcher_heartbeat_total");
    MetricData orders = pushed.stream().filter(m -> m.getName().equals("compozy_orders")).findFirst().orElseThrow();
    assertThat(orders.getLongSumData().getPoints()).singleElement().satisfies(p -> {
      assertThat(p.getValue()).isEqualTo(2);
      assertThat(p.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo("a");
    });
    assertThat(scraped.value("compozy_orders_total", "kind", "a")).isEqualTo(2);
    assertThat(scraped.value("compozy_latency_seconds_count")).isEqualTo(1);
    assertThat(scraped.value("compozy_dispatcher_heartbeat_total", "dispatcher_id", "d1")).isEqualTo(1);
    // served from the registry directly, so not an OpenTelemetry instrument a reader could see
    assertThat(pushed).noneMatch(m -> m.getName().startsWith("compozy_dispatcher_active"));
  }

  @Test
  void aTracerProviderMakesTheTracerExportSpans() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    MonitoringService service = MonitoringService.builder().config(ENABLED).tracerProvider(tracing).build();

    service.tracer().spanBuilder("checkout").startSpan().end();
    service.openTelemetry().getTracer("app").spanBuilder("through-otel").startSpan().end();

    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("checkout", "through-otel");
    assertThat(exporter.getFinishedSpanItems().get(0).getInstrumentationScopeInfo().getName())
        .isEqualTo(MonitoringService.SCOPE);

    service.shutdown();
    service.tracer().spanBuilder("after-shutdown").startSpan().end();
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).doesNotContain("after-shutdown");
  }

  @Test
  void withoutATracerProviderTheTracerIsANoOp() {
    MonitoringService service = track(MonitoringService.create(ENABLED));
    assertThat(service.tracer().spanBuilder("x").startSpan().getSpanContext().isValid()).isFalse();
    assertThat(service.openTelemetry().getTracer("app").spanBuilder("y").startSpan().getSpanContext().isValid())
        .isFalse();
    // the meters are the service's all the same
    service.openTelemetry().getMeter("app").counterBuilder("compozy_via_otel").build().add(1);
    assertThat(Scrape.of(service).value("compozy_via_otel_total")).isEqualTo(1);
  }

  @Test
  void aDisabledOrDegradedServiceShutsGivenReadersAndProvidersDown() {
    for (MonitoringService.Builder builder : List.of(
        MonitoringService.builder().config(MonitoringConfig.defaults()),
        MonitoringService.builder().config(MonitoringConfig.builder().enabled(true).path("bad").build()))) {
      ShutdownRecordingReader reader = new ShutdownRecordingReader();
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      SdkTracerProvider tracing = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

      MonitoringService service = track(builder.registerMetricReader(reader).tracerProvider(tracing)
          .buildWithFallback());

      assertThat(service.isInitialized()).isFalse();
      tracing.get("late").spanBuilder("late").startSpan().end();
      assertThat(exporter.getFinishedSpanItems()).as("%s", service).isEmpty();
      assertThat(reader.shutdowns).as("%s", service).hasValue(1);
      assertThat(service.tracer().spanBuilder("x").startSpan().getSpanContext().isValid()).isFalse();
    }
  }

  @Test
  void serviceShutdownShutsTheRegisteredReaderDown() {
    ShutdownRecordingReader reader = new ShutdownRecordingReader();
    MonitoringService service = MonitoringService.builder().config(ENABLED).registerMetricReader(reader).build();
    service.meter().counterBuilder("compozy_orders").build().add(1);
    assertThat(reader.delegate.collectAllMetrics()).isNotEmpty();
    assertThat(reader.shutdowns).hasValue(0);

    service.shutdown();

    assertThat(reader.shutdowns).hasValue(1);
  }

  /** An in-memory reader that counts how often it is shut down. */
  private static final class ShutdownRecordingReader implements MetricReader {
    final InMemoryMetricReader delegate = InMemoryMetricReader.create();
    final AtomicInteger shutdowns = new AtomicInteger();

    @Override
    public void register(CollectionRegistration registration) {
      delegate.register(registration);
    }

    @Override
    public CompletableResultCode forceFlush() {
      return delegate.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdowns.incrementAndGet();
      return delegate.shutdown();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return delegate.getAggregationTemporality(instrumentType);
    }
  }
}
