package com.compozy.monitoring.testing;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP collector for tests: accepts {@code POST /v1/traces} and {@code POST /v1/metrics}
 * in protobuf (gzip or not) on an ephemeral loopback port, decodes them with the official
 * {@code opentelemetry-proto} classes and keeps them for assertions. It can also play a failing
 * collector: answer a status such as 503, or hang without answering.
 *
 * <pre>{@code
 * try (OtlpReceiver collector = OtlpReceiver.start()) {
 *   // otel.exporter.otlp.endpoint = collector.endpoint()
 *   Span span = collector.awaitSpan("GET /orders/{id}");
 *   collector.respondWith(503);   // from now on every export fails
 *   collector.hang();             // from now on no export is answered until close() or respondWith
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {
  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ResourceSpans> resourceSpans = new ArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new ArrayList<>();
  private final AtomicInteger traceRequests = new AtomicInteger();
  private final AtomicInteger metricsPosts = new AtomicInteger();
  private final AtomicLong spansReceived = new AtomicLong();
  private volatile boolean discardSpans;
  private volatile int status = 200;
  private volatile CountDownLatch hanging;

  /** Spans as received, with the resource they were sent under. */
  public record ResourceSpans(Resource resource, String scope, Span span) {
    /** A string attribute of the span, or empty. */
    public Optional<String> attribute(String key) {
      return OtlpReceiver.attribute(span.getAttributesList(), key);
    }

    /** A string attribute of the resource, such as {@code service.name}, or empty. */
    public Optional<String> resourceAttribute(String key) {
      return OtlpReceiver.attribute(resource.getAttributesList(), key);
    }
  }

  private OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "otlp-receiver");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/v1/traces", exchange -> handle(exchange, true));
    server.createContext("/v1/metrics", exchange -> handle(exchange, false));
    server.start();
  }

  public static OtlpReceiver start() {
    try {
      return new OtlpReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL for {@code otel.exporter.otlp.endpoint}, such as {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers every further export with {@code status} (200 again to recover); releases a hang. */
  public void respondWith(int status) {
    this.status = status;
    release();
  }

  /** Leaves every further export unanswered until {@link #respondWith} or {@link #close()}. */
  public void hang() {
    hanging = new CountDownLatch(1);
  }

  /** Every span received so far, in arrival order. */
  public synchronized List<ResourceSpans> spans() {
    return List.copyOf(resourceSpans);
  }

  /** Waits for a span named {@code name} and returns the first one. */
  public ResourceSpans awaitSpan(String name) {
    return await().atMost(AWAIT).until(() -> spanNamed(name), Optional::isPresent).orElseThrow();
  }

  /** Every metrics request received so far, in arrival order. */
  public synchronized List<ExportMetricsServiceRequest> metricRequests() {
    return List.copyOf(metricRequests);
  }

  /** The metric {@code name} of the latest request that carried it. */
  public synchronized Optional<Metric> lastMetric(String name) {
    for (int i = metricRequests.size() - 1; i >= 0; i--) {
      for (var resourceMetrics : metricRequests.get(i).getResourceMetricsList()) {
        for (var scopeMetrics : resourceMetrics.getScopeMetricsList()) {
          for (Metric metric : scopeMetrics.getMetricsList()) {
            if (metric.getName().equals(name)) {
              return Optional.of(metric);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The resource of the latest metrics request. */
  public synchronized Optional<Resource> lastMetricsResource() {
    if (metricRequests.isEmpty() || metricRequests.get(metricRequests.size() - 1).getResourceMetricsCount() == 0) {
      return Optional.empty();
    }
    return Optional.of(metricRequests.get(metricRequests.size() - 1).getResourceMetrics(0).getResource());
  }

  /** Waits for a metrics request carrying {@code name} and returns that metric. */
  public Metric awaitMetric(String name) {
    return await().atMost(AWAIT).until(() -> lastMetric(name), Optional::isPresent).orElseThrow();
  }

  /** How many export requests arrived at {@code /v1/traces}, answered or not. */
  public int traceRequests() {
    return traceRequests.get();
  }

  /** How many spans were received and answered with 200, kept or not. */
  public long spansReceived() {
    return spansReceived.get();
  }

  /**
   * From now on decodes and counts spans but keeps none: for load tests, whose millions of spans
   * would fill the heap.
   */
  public void discardSpans() {
    discardSpans = true;
  }

  /** How many export requests arrived at {@code /v1/metrics}, answered or not. */
  public int metricsRequests() {
    return metricsPosts.get();
  }

  public synchronized void clear() {
    resourceSpans.clear();
    metricRequests.clear();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  private synchronized Optional<ResourceSpans> spanNamed(String name) {
    return resourceSpans.stream().filter(s -> s.span().getName().equals(name)).findFirst();
  }

  private void release() {
    CountDownLatch latch = hanging;
    hanging = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  private void handle(HttpExchange exchange, boolean traces) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      (traces ? traceRequests : metricsPosts).incrementAndGet();
      byte[] body = body(exchange);
      CountDownLatch latch = hanging;
      if (latch != null) {
        latch.await(5, TimeUnit.MINUTES); // a collector that accepted the connection and went silent
      }
      int answer = status;
      if (answer != 200) {
        exchange.sendResponseHeaders(answer, -1);
        return;
      }
      byte[] response;
      if (traces) {
        keep(ExportTraceServiceRequest.parseFrom(body));
        response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      } else {
        keep(ExportMetricsServiceRequest.parseFrom(body));
        response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        exchange.getResponseBody().write(response);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  private void keep(ExportTraceServiceRequest request) {
    for (var resource : request.getResourceSpansList()) {
      for (var scope : resource.getScopeSpansList()) {
        spansReceived.addAndGet(scope.getSpansCount());
        if (!discardSpans) {
          synchronized (this) {
            for (Span span : scope.getSpansList()) {
              resourceSpans.add(new ResourceSpans(resource.getResource(), scope.getScope().getName(), span));
            }
          }
        }
      }
    }
  }

  private synchronized void keep(ExportMetricsServiceRequest request) {
    metricRequests.add(request);
  }

  static Optional<String> attribute(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue()).findFirst();
  }
}
