package com.compozy.monitoring.temporal;

import com.compozy.monitoring.service.MonitoringService;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/**
 * The Temporal SDK's own metrics ({@code temporal_request_total},
 * {@code temporal_workflow_task_schedule_to_start_latency_seconds}, task slots, sticky cache, ...),
 * reported the SDK's way, through its {@link MicrometerClientStatsReporter}, into a Micrometer
 * Prometheus registry that writes to the service's own client_java registry: one endpoint serves
 * both, with the names and labels Temporal's published dashboards query.
 *
 * <p>Only loaded when an application asks for the SDK's metrics, so Micrometer stays optional.
 */
final class SdkMetrics implements AutoCloseable {
  /** How often the SDK's buffered (Tally) values reach the registry; a scrape sees them this late. */
  private static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(1);

  private static final String REFERENCE = "https://docs.temporal.io/references/sdk-metrics";
  /** The SDK names its meters but describes none; Prometheus wants a help text for each family. */
  private static final MeterFilter DESCRIBED = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      if (id.getDescription() != null) {
        return id;
      }
      return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
          "Temporal SDK metric " + id.getName() + ", see " + REFERENCE, id.getType());
    }
  };

  /**
   * Bucket bounds for the SDK's latencies, 200 ms (Temporal's schedule-to-start guidance) among
   * them: the reporter asks Micrometer for its 69-bucket percentile histogram, which gave a busy
   * demo 1,900 bucket lines; these are 15 per series, enough for {@code histogram_quantile}.
   */
  private static final double[] LATENCY_BOUNDS_SECONDS =
      {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30, 60};
  private static final MeterFilter FEW_BUCKETS = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (id.getType() != Meter.Type.TIMER) {
        return config;
      }
      double[] nanos = new double[LATENCY_BOUNDS_SECONDS.length];
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] = LATENCY_BOUNDS_SECONDS[i] * 1e9;
      }
      return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(nanos)
          .build().merge(config);
    }
  };

  private final PrometheusMeterRegistry micrometer;
  private final Scope scope;

  private SdkMetrics(PrometheusRegistry registry) {
    micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
    micrometer.config().meterFilter(DESCRIBED).meterFilter(FEW_BUCKETS);
    scope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(micrometer))
        .reportEvery(REPORT_EVERY);
  }

  /** The SDK metrics of an initialized {@code service}; the same instance for the same service. */
  static SdkMetrics of(MonitoringService service) {
    return service.bind(SdkMetrics.class, bound -> new SdkMetrics(bound.prometheusRegistry().orElseThrow()));
  }

  Scope scope() {
    return scope;
  }

  /** Reports what the SDK buffered, then stops; the scope's reporter closes the Micrometer registry. */
  @Override
  public void close() throws ScopeCloseException {
    scope.close();
  }
}
