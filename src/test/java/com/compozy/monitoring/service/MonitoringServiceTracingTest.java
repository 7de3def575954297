package com.compozy.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.ChosenSpanIds;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.OtlpReceiver;
import com.compozy.monitoring.testing.OtlpReceiver.ResourceSpans;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code monitoring.tracing.enabled} and OpenTelemetry's own {@code otel.*} settings. */
class MonitoringServiceTracingTest {
  private static final String PROCESSED = "otel_sdk_processor_span_processed_span_total";
  private static final String QUEUE_SIZE = "otel_sdk_processor_span_queue_size_span";
  private final OtlpReceiver collector = OtlpReceiver.start();
  private MonitoringService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.shutdown();
    }
    collector.close();
  }

  @Test
  void tracingIsOffByDefaultEvenWithOtlpSettings() {
    service = build(false, Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.endpoint", collector.endpoint()));

    Span span = service.tracer().spanBuilder("ignored").startSpan();
    span.end();

    assertThat(service.isTracing()).isFalse();
    assertThat(span.getSpanContext().isValid()).isFalse();
    assertThat(service.openTelemetry().getPropagators().getTextMapPropagator().fields()).isEmpty();
    assertThat(service.otelConfigError()).isEmpty();
  }

  @Test
  void theOneSwitchSendsSpansOverOtlpHttpWithTheServiceResource() {
    service = build(true, Map.of(
        "otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.bsp.schedule.delay", "50",
        "otel.resource.attributes", "deployment.environment.name=test"));

    Span span = service.tracer().spanBuilder("work").setSpanKind(SpanKind.INTERNAL).startSpan();
    span.setAttribute("job", "nightly");
    span.end();

    ResourceSpans received = collector.awaitSpan("work");
    assertThat(service.isTracing()).isTrue();
    assertThat(received.attribute("job")).hasValue("nightly");
    assertThat(received.scope()).isEqualTo(MonitoringService.SCOPE);
    assertThat(received.resourceAttribute("service.name")).hasValue("orders");
    assertThat(received.resourceAttribute("deployment.environment.name")).hasValue("test");
    assertThat(received.span().getTraceId().toByteArray())
        .isEqualTo(span.getSpanContext().getTraceIdBytes());
    // W3C trace context and baggage, autoconfigure's default propagators
    assertThat(service.openTelemetry().getPropagators().getTextMapPropagator().fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate", "baggage");
  }

  @Test
  void otelServiceNameWinsOverTheApplicationName() {
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.bsp.schedule.delay", "50", "otel.service.name", "billing"));

    service.tracer().spanBuilder("named").startSpan().end();

    assertThat(collector.awaitSpan("named").resourceAttribute("service.name")).hasValue("billing");
  }

  @Test
  void samplerAndPropagatorsComeFromTheirOwnKeys() {
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.traces.sampler", "always_off", "otel.propagators", "tracecontext"));

    Span span = service.tracer().spanBuilder("unsampled").startSpan();
    span.end();

    assertThat(span.getSpanContext().isSampled()).isFalse();
    assertThat(service.openTelemetry().getPropagators().getTextMapPropagator().fields())
        .containsExactlyInAnyOrder("traceparent", "tracestate");
  }

  @Test
  void grpcIsNotBundledSoTheExportUsesHttpProtobufAndSaysSo() {
    try (LogCapture log = LogCapture.of(OtelConfiguration.class)) {
      service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
          "otel.exporter.otlp.protocol", "grpc", "otel.bsp.schedule.delay", "50"));

      service.tracer().spanBuilder("over-http").startSpan().end();

      collector.awaitSpan("over-http");
      assertThat(log.at(Level.WARNING)).singleElement().extracting(MonitoringServiceTracingTest::text).asString()
          .contains("otel.exporter.otlp.protocol=grpc is not supported").contains("http/protobuf");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "otel.traces.exporter        | zipkin-typo",
      "otel.traces.sampler         | sometimes",
      "otel.exporter.otlp.endpoint | not a url",
      "otel.bsp.schedule.delay     | soon",
      "otel.metrics.exporter       | carrier-pigeon",
      "otel.metrics.exporter       | prometheus",
      "otel.propagators            | smoke-signals",
  })
  void aBadValueIsOneLogLineNamingKeyAndValueAndMetricsKeepServing(String key, String value) {
    try (LogCapture log = LogCapture.of(OtelConfiguration.class)) {
      Map<String, String> otel = new HashMap<>(Map.of("otel.exporter.otlp.endpoint", collector.endpoint()));
      otel.put(key, value);
      service = build(true, otel);

      List<LogRecord> warnings = log.at(Level.WARNING);
      assertThat(warnings).hasSize(1);
      assertThat(text(warnings.get(0)))
          .contains("tracing and OTLP export are off").contains(key).contains(value);
    }
    assertThat(service.isInitialized()).isTrue();
    assertThat(service.isTracing()).isFalse();
    assertThat(service.otelConfigError()).hasValueSatisfying(message -> assertThat(message).contains(key));
    service.meter().counterBuilder("compozy_still_counted").build().add(3);
    assertThat(Scrape.of(service).value("compozy_still_counted_total")).isEqualTo(3);
  }

  @Test
  void theConfiguredProviderGivesASpanStartedWithChosenIdsThoseIds() {
    service = build(true, Map.of("otel.traces.exporter", "none"));

    Span chosen = ChosenSpanIds.start(service.tracer().spanBuilder("run").setNoParent(),
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
    chosen.end();

    assertThat(chosen.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(chosen.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void aTracerProviderGivenToTheBuilderStillWins() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    service = MonitoringService.builder()
        .config(MonitoringConfig.builder().enabled(true).tracingEnabled(true).build())
        .otelProperties(Map.of("otel.exporter.otlp.endpoint", collector.endpoint()))
        .tracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();

    service.tracer().spanBuilder("in-memory").startSpan().end();

    assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getName()).containsExactly("in-memory");
    assertThat(service.isTracing()).isTrue();
  }

  @Test
  void pushedMetricsCarryTheScrapedNamesAttributesAndValues() {
    service = build(false, Map.of("otel.metrics.exporter", "otlp",
        "otel.exporter.otlp.endpoint", collector.endpoint(), "otel.metric.export.interval", "100"));
    Attributes blue = Attributes.of(AttributeKey.stringKey("button"), "blue");
    Attributes red = Attributes.of(AttributeKey.stringKey("button"), "red");
    service.meter().counterBuilder("compozy_clicks").build().add(3, blue);
    service.meter().counterBuilder("compozy_clicks").build().add(5, red);
    service.meter().histogramBuilder("compozy_wait_seconds").setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0))
        .build().record(0.5, blue);

    Scrape scrape = Scrape.of(service);
    var clicks = collector.awaitMetric("compozy_clicks").getSum();
    var wait = collector.awaitMetric("compozy_wait_seconds").getHistogram();

    assertThat(clicks.getIsMonotonic()).isTrue();
    Map<String, Double> pushed = new HashMap<>();
    clicks.getDataPointsList().forEach(point -> pushed.put(
        point.getAttributes(0).getKey() + "=" + point.getAttributes(0).getValue().getStringValue(),
        (double) point.getAsInt()));
    assertThat(pushed).containsOnly(
        Map.entry("button=blue", scrape.value("compozy_clicks_total", "button", "blue")),
        Map.entry("button=red", scrape.value("compozy_clicks_total", "button", "red")));
    assertThat(pushed).containsEntry("button=blue", 3.0).containsEntry("button=red", 5.0);
    var point = wait.getDataPoints(0);
    assertThat(point.getAttributesList()).extracting(kv -> kv.getKey() + "=" + kv.getValue().getStringValue())
        .containsExactly("button=blue");
    assertThat(point.getExplicitBoundsList()).containsExactly(0.1, 1.0);
    assertThat(point.getBucketCountsList()).containsExactly(0L, 1L, 0L);
    assertThat((double) point.getCount()).isEqualTo(scrape.value("compozy_wait_seconds_count", "button", "blue"));
    assertThat(point.getSum()).isEqualTo(scrape.value("compozy_wait_seconds_sum", "button", "blue"));
    assertThat(collector.lastMetricsResource().orElseThrow().getAttributesList())
        .anySatisfy(kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue()).isEqualTo("service.name=orders"));
  }

  @Test
  void metricsAreNotPushedUnlessAsked() {
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.metric.export.interval", "50", "otel.bsp.schedule.delay", "50"));
    service.meter().counterBuilder("compozy_clicks").build().add(1);
    service.tracer().spanBuilder("marker").startSpan().end();

    collector.awaitSpan("marker");
    service.shutdown(); // flushes whatever would be pushed

    assertThat(collector.metricsRequests()).isZero();
  }

  @Test
  void aCollectorAnswering503IsReportedAsTheLastFailedMetricsExport() {
    collector.respondWith(503);
    service = build(false, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.metrics.exporter", "otlp", "otel.metric.export.interval", "100"));
    assertThat(service.lastExportFailure()).isEmpty();

    service.meter().counterBuilder("compozy_clicks").build().add(1);

    await().atMost(Duration.ofSeconds(30)).until(() -> service.lastExportFailure().isPresent());
    assertThat(service.lastExportFailure().orElseThrow().signal()).isEqualTo(ExportFailure.METRICS);
  }

  @Test
  void anUnreachableCollectorIsReportedAsTheLastFailedSpanExport() {
    int closedPort = collector.port();
    collector.close();
    service = build(true, Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort,
        "otel.bsp.schedule.delay", "50"));

    Span span = service.tracer().spanBuilder("lost").startSpan();
    span.end(); // returns at once: the batch processor exports on its own thread

    assertThat(span.getSpanContext().isSampled()).isTrue();
    await().atMost(Duration.ofSeconds(60)).until(() -> service.lastExportFailure().isPresent());
    assertThat(service.lastExportFailure().orElseThrow().signal()).isEqualTo(ExportFailure.SPANS);
  }

  @Test
  void shutdownIsBoundedWhenTheCollectorHangsAndLeavesNoExportThread() {
    collector.hang();
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.metrics.exporter", "otlp", "otel.metric.export.interval", "60000"));
    service.meter().counterBuilder("compozy_clicks").build().add(1);
    for (int i = 0; i < 10; i++) {
      service.tracer().spanBuilder("stuck-" + i).startSpan().end();
    }

    long started = System.nanoTime();
    service.shutdown();
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println("shutdown with a hanging collector took " + millis + " ms");

    assertThat(collector.traceRequests() + collector.metricsRequests()).isPositive();
    await().atMost(Duration.ofSeconds(30)).until(() -> exportThreads().isEmpty());
  }

  @Test
  void spansTheBatchProcessorDropsAreCountedInTheScrape() {
    collector.hang();
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(),
        "otel.bsp.max.queue.size", "10", "otel.bsp.max.export.batch.size", "5", "otel.bsp.schedule.delay", "10"));
    for (int i = 0; i < 500; i++) {
      service.tracer().spanBuilder("burst-" + i).startSpan().end();
    }

    // every span ended is, at any scrape, exported, dropped or still queued: none vanishes unseen
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Scrape scrape = Scrape.of(service);
      double dropped = sum(scrape, PROCESSED, "error_type", "queue_full");
      double processed = sum(scrape, PROCESSED, "error_type", null);
      double queued = sum(scrape, QUEUE_SIZE, "error_type", null);
      assertThat(dropped + processed + queued).isEqualTo(500.0);
      // a queue of 10 and a worker stuck on its first batches: nearly all are dropped
      assertThat(dropped).isGreaterThanOrEqualTo(450.0);
    });
    Scrape settled = Scrape.of(service);
    System.out.printf("500 spans, queue of 10, hanging collector: dropped %.0f, processed %.0f, queued %.0f%n",
        sum(settled, PROCESSED, "error_type", "queue_full"), sum(settled, PROCESSED, "error_type", null),
        sum(settled, QUEUE_SIZE, "error_type", null));
    assertThat(Scrape.of(service).labelSets(PROCESSED)).allSatisfy(labels ->
        assertThat(labels).containsEntry("otel_component_type", "batching_span_processor")
            .containsKey("otel_component_name"));
    assertThat(Scrape.of(service).value("otel_sdk_processor_span_queue_capacity_span",
        Scrape.of(service).labelSets("otel_sdk_processor_span_queue_capacity_span").get(0))).isEqualTo(10.0);
  }

  @Test
  void theExportersOwnCountsAreScrapedWithTheSpansTheCollectorReceived() {
    service = build(true, Map.of("otel.exporter.otlp.endpoint", collector.endpoint(), "otel.bsp.schedule.delay", "20"));
    for (int i = 0; i < 25; i++) {
      service.tracer().spanBuilder("counted-" + i).startSpan().end();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> collector.spansReceived() == 25);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Scrape scrape = Scrape.of(service);
      assertThat(sum(scrape, "otel_sdk_exporter_span_exported_total", "error_type", null)).isEqualTo(25.0);
      assertThat(sum(scrape, "otel_sdk_exporter_span_inflight", "error_type", null)).isZero();
    });
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("otel_sdk_exporter_span_exported_total")).singleElement().satisfies(labels ->
        assertThat(labels).containsEntry("server_port", String.valueOf(collector.port()))
            .containsEntry("otel_component_type", "otlp_http_span_exporter"));
    assertThat(scrape.labelSets(PROCESSED)).hasSize(1);
    assertThat(sum(scrape, PROCESSED, "error_type", null)).isEqualTo(25.0);
    // the tracer provider's own counters would cost every span: left off
    assertThat(scrape.samples()).noneMatch(sample -> sample.name().startsWith("otel_sdk_span_"));
  }

  @Test
  void aPushCountsItsOwnDataPointsInTheScrape() {
    service = build(false, Map.of("otel.metrics.exporter", "otlp",
        "otel.exporter.otlp.endpoint", collector.endpoint(), "otel.metric.export.interval", "100"));
    service.meter().counterBuilder("compozy_clicks").build().add(1);

    collector.awaitMetric("compozy_clicks");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        sum(Scrape.of(service), "otel_sdk_exporter_metric_data_point_exported_total", "error_type", null)).isPositive());
    assertThat(Scrape.of(service).samples()).noneMatch(sample -> sample.name().startsWith("otel_sdk_processor_span"));
  }

  @Test
  void withoutTracingOrPushTheScrapeHasNoPipelineSeries() {
    service = build(false, Map.of());
    service.meter().counterBuilder("compozy_clicks").build().add(1);

    assertThat(Scrape.of(service).samples()).extracting(Scrape.Sample::name)
        .contains("compozy_clicks_total").noneMatch(name -> name.startsWith("otel_sdk_"));
  }

  /** The sum over the series of {@code name} whose {@code label} is {@code value} (null: absent). */
  private static double sum(Scrape scrape, String name, String label, String value) {
    List<Scrape.Sample> samples = scrape.samples(name).stream()
        .filter(sample -> java.util.Objects.equals(sample.labels().get(label), value)).toList();
    assertThat(samples).as("series %s{%s=%s} in %s", name, label, value, scrape.samples(name)).isNotEmpty();
    return samples.stream().mapToDouble(Scrape.Sample::value).sum();
  }

  static List<String> exportThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("BatchSpanProcessor") || name.startsWith("PeriodicMetricReader")
            || name.startsWith("jdkhttp"))
        .toList();
  }

  static String text(LogRecord record) {
    return new SimpleFormatter().formatMessage(record);
  }

  private static MonitoringService build(boolean tracing, Map<String, String> otel) {
    return MonitoringService.builder()
        .config(MonitoringConfig.builder().enabled(true).tracingEnabled(tracing).build())
        .defaultServiceName("orders")
        .otelProperties(otel)
        .build();
  }
}
