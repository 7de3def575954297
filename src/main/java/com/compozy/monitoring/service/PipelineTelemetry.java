package com.compozy.monitoring.service;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collection;
import java.util.List;

/**
 * The SDK's own telemetry about the export pipeline (spans the batch processor dropped because its
 * queue was full, its queue size, what each exporter sent and how long it took), brought into the
 * service's scrape and push.
 *
 * <p>Autoconfigure hands its own meter provider to the span processor and exporters it builds, not
 * the service's. This reader sits in that provider; the service's provider produces what it reads,
 * so the drops a saturated collector causes are a series on the dashboard instead of a silence.
 */
final class PipelineTelemetry implements MetricReader, MetricProducer {
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private volatile SdkMeterProvider provider;

  /** The provider this reader is registered in; released with the service. */
  void keep(SdkMeterProvider provider) {
    this.provider = provider;
  }

  /** Shuts the kept provider down, after the exporters whose counts it holds have stopped. */
  CompletableResultCode release() {
    SdkMeterProvider kept = provider;
    provider = null;
    return kept == null ? CompletableResultCode.ofSuccess() : kept.shutdown();
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    // read the SDK's metrics with the resource autoconfigure gave them: the service's own
    return provider == null ? List.of() : registration.collectAllMetrics();
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    registration = CollectionRegistration.noop();
    return CompletableResultCode.ofSuccess();
  }
}
