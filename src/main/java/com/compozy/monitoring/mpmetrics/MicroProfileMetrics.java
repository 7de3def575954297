package com.compozy.monitoring.mpmetrics;

import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * MicroProfile Metrics 5.1 registries on a service's {@code Meter}, one per scope, and the
 * annotations' metrics ({@link #annotated()}). In a CDI application the library's interceptors and
 * producers use it for {@code @Counted}, {@code @Timed}, {@code @Gauge}, {@code @Inject @Metric} and
 * {@code @Inject MetricRegistry}; plain Java code can use it directly:
 *
 * <pre>{@code
 * MetricRegistry registry = MicroProfileMetrics.of(service).registry();
 * registry.counter("orders.placed", new Tag("channel", "web")).inc();
 * // scraped as: orders_placed_total{channel="web",mp_scope="application"} 1
 * }</pre>
 *
 * <p>Every series carries {@code mp_scope} (the registry's scope), as MicroProfile Metrics' own
 * Prometheus output does. A name holds at most {@link MonitoringService#MAX_SERIES_PER_INSTRUMENT}
 * tag combinations; see the README's "MicroProfile Metrics" for how names and types map to
 * Prometheus.
 */
public final class MicroProfileMetrics implements AutoCloseable {
  /** The attribute holding the registry's scope. */
  public static final String SCOPE_TAG = "mp_scope";

  private static final Pattern SCOPE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Meter meter;
  private final Map<String, OtelMetricRegistry> registries = new ConcurrentHashMap<>();
  private final AnnotatedMetrics annotated;

  private MicroProfileMetrics(MonitoringService service) {
    this.meter = service.meter();
    this.annotated = new AnnotatedMetrics(this);
  }

  /** The service's MicroProfile Metrics, created on first use. */
  public static MicroProfileMetrics of(MonitoringService service) {
    return service.bind(MicroProfileMetrics.class, MicroProfileMetrics::new);
  }

  /** The {@code application} registry. */
  public MetricRegistry registry() {
    return registry(MetricRegistry.APPLICATION_SCOPE);
  }

  /**
   * The registry of {@code scope}, created on first use. {@code base} and {@code vendor} are
   * ordinary registries here: the library brings no MicroProfile base metrics (its JVM metrics
   * are {@code jvm_*}).
   *
   * @throws IllegalArgumentException if {@code scope} is not {@code [a-zA-Z_][a-zA-Z0-9_]*}
   */
  public MetricRegistry registry(String scope) {
    return scoped(scope);
  }

  OtelMetricRegistry scoped(String scope) {
    if (scope == null || !SCOPE.matcher(scope).matches()) {
      throw new IllegalArgumentException("A MicroProfile Metrics scope is [a-zA-Z_][a-zA-Z0-9_]*, not " + scope);
    }
    return registries.computeIfAbsent(scope,
        s -> new OtelMetricRegistry(s, meter, MonitoringService.MAX_SERIES_PER_INSTRUMENT));
  }

  /** The metrics of {@code @Counted}, {@code @Timed} and {@code @Gauge}, resolved once per method. */
  public AnnotatedMetrics annotated() {
    return annotated;
  }

  /** Unregisters every instrument; called by the service's shutdown. */
  @Override
  public void close() {
    registries.values().forEach(OtelMetricRegistry::close);
  }
}
