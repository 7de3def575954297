package com.compozy.monitoring.service;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the service's exporters: remembers the last failed export for readiness, and can stop
 * them outright when a shutdown runs out of time (a hanging collector must not hold an undeploy).
 */
final class ExportStatus {
  private final InstantSource clock;
  private final AtomicReference<ExportFailure> lastFailure = new AtomicReference<>();
  private final List<AutoCloseable> exporters = new CopyOnWriteArrayList<>();

  ExportStatus(InstantSource clock) {
    this.clock = clock;
  }

  Optional<ExportFailure> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  SpanExporter watch(SpanExporter exporter) {
    WatchedSpans watched = new WatchedSpans(exporter);
    exporters.add(exporter::shutdown);
    return watched;
  }

  MetricExporter watch(MetricExporter exporter) {
    WatchedMetrics watched = new WatchedMetrics(exporter);
    exporters.add(exporter::shutdown);
    return watched;
  }

  /** Shuts every exporter down at once, interrupting exports still in flight. */
  void abort() {
    for (AutoCloseable exporter : exporters) {
      try {
        exporter.close();
      } catch (Exception | LinkageError ignored) {
        // best effort: the service is going away
      }
    }
  }

  private CompletableResultCode observe(String signal, CompletableResultCode result) {
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        lastFailure.set(new ExportFailure(signal, clock.instant()));
      }
    });
    return result;
  }

  private CompletableResultCode failed(String signal, RuntimeException e) {
    lastFailure.set(new ExportFailure(signal, clock.instant()));
    return CompletableResultCode.ofExceptionalFailure(e);
  }

  private final class WatchedSpans implements SpanExporter {
    private final SpanExporter delegate;

    WatchedSpans(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        return observe(ExportFailure.SPANS, delegate.export(spans));
      } catch (RuntimeException e) {
        return failed(ExportFailure.SPANS, e);
      }
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  private final class WatchedMetrics implements MetricExporter {
    private final MetricExporter delegate;

    WatchedMetrics(MetricExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      try {
        return observe(ExportFailure.METRICS, delegate.export(metrics));
      } catch (RuntimeException e) {
        return failed(ExportFailure.METRICS, e);
      }
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
      return delegate.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
      return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
