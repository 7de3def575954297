package com.compozy.monitoring.export.prometheus;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.Buckets;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one scrape costs: collecting the service's OpenTelemetry-backed registry and writing it in
 * the Prometheus text format, against client_java's own registry holding the same series (same
 * names, labels, values, help and buckets: checked at setup). {@code *Collect} collect only, so the
 * difference shows where the time goes; {@code otelShared} goes through
 * {@link SharedScrapeRegistry}, which a lone scrape should not notice.
 *
 * <p>Series: {@value #COUNTERS} counters of {@value #COUNTER_SERIES} series and
 * {@value #HISTOGRAMS} histograms of {@value #HISTOGRAM_SERIES} series with the library's 11
 * second buckets, all labelled like HTTP metrics ({@code http_method}, {@code http_route},
 * {@code http_status_code}).
 *
 * <p>{@code mvn -Pbench test-compile exec:exec -Dbench=ScrapeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScrapeBenchmark {
  static final int COUNTERS = 5;
  static final int COUNTER_SERIES = 400;
  static final int HISTOGRAMS = 2;
  static final int HISTOGRAM_SERIES = 100;

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http_method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http_route");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("http_status_code");

  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private MonitoringService service;
  private PrometheusRegistry otel;
  private SharedScrapeRegistry shared;
  private PrometheusRegistry clientJava;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    service = MonitoringService.create(MonitoringConfig.builder().enabled(true)
        .systemEnabled(false).jvmEnabled(false).build());
    otel = service.prometheusRegistry().orElseThrow();
    shared = new SharedScrapeRegistry(otel);
    clientJava = new PrometheusRegistry();
    record(service.meter(), clientJava);
    List<Scrape.Sample> ours = compozy(otel);
    List<Scrape.Sample> theirs = compozy(clientJava);
    if (!ours.equals(theirs) || ours.size() != COUNTERS * COUNTER_SERIES
        + HISTOGRAMS * HISTOGRAM_SERIES * (Buckets.SECONDS.size() + 3)) {
      throw new IllegalStateException("the two registries do not hold the same series: "
          + ours.size() + " vs " + theirs.size());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    service.shutdown();
  }

  @Benchmark
  public long otel() throws IOException {
    return write(otel.scrape());
  }

  @Benchmark
  public long otelShared() throws IOException {
    return write(shared.scrape());
  }

  @Benchmark
  public long clientJava() throws IOException {
    return write(clientJava.scrape());
  }

  @Benchmark
  public MetricSnapshots otelCollect() {
    return otel.scrape();
  }

  @Benchmark
  public MetricSnapshots clientJavaCollect() {
    return clientJava.scrape();
  }

  private long write(MetricSnapshots snapshots) throws IOException {
    CountingStream out = new CountingStream();
    writer.write(out, snapshots, EscapingScheme.ALLOW_UTF8);
    return out.count;
  }

  private static void record(Meter meter, PrometheusRegistry registry) {
    for (int c = 0; c < COUNTERS; c++) {
      String name = "compozy_bench_requests_" + c;
      LongCounter ours = meter.counterBuilder(name).setDescription("Requests " + c).build();
      Counter theirs = Counter.builder().name(name).help("Requests " + c)
          .labelNames("http_method", "http_route", "http_status_code").register(registry);
      for (int i = 0; i < COUNTER_SERIES; i++) {
        String route = "/api/r" + i;
        String status = i % 7 == 0 ? "500" : "200";
        ours.add(i + 1, Attributes.of(METHOD, "GET", ROUTE, route, STATUS, status));
        theirs.labelValues("GET", route, status).inc(i + 1);
      }
    }
    double[] bounds = Buckets.SECONDS.stream().mapToDouble(Double::doubleValue).toArray();
    for (int h = 0; h < HISTOGRAMS; h++) {
      String name = "compozy_bench_duration_" + h;
      DoubleHistogram ours = meter.histogramBuilder(name).setDescription("Duration " + h)
          .setExplicitBucketBoundariesAdvice(Buckets.SECONDS).build();
      Histogram theirs = Histogram.builder().name(name).help("Duration " + h).classicUpperBounds(bounds)
          .labelNames("http_method", "http_route", "http_status_code").register(registry);
      for (int i = 0; i < HISTOGRAM_SERIES; i++) {
        String route = "/api/r" + i;
        for (int k = 1; k <= 5; k++) {
          double seconds = 0.004 * k * (i % 10 + 1);
          ours.record(seconds, Attributes.of(METHOD, "POST", ROUTE, route, STATUS, "201"));
          theirs.labelValues("POST", route, "201").observe(seconds);
        }
      }
    }
  }

  private List<Scrape.Sample> compozy(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    writer.write(text, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    return Scrape.parse(text.toString(java.nio.charset.StandardCharsets.UTF_8)).samples().stream()
        .filter(s -> s.name().startsWith("compozy_bench_"))
        .sorted(java.util.Comparator.comparing(Scrape.Sample::series)).toList();
  }

  /** Counts the bytes a scrape writes, so nothing is buffered or optimized away. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
