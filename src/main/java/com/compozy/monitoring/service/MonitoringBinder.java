package com.compozy.monitoring.service;

/**
 * Creates one feature's instruments on a service. Every feature of the library binds this way,
 * through {@link MonitoringService#bind}, which makes it idempotent per service and closes it when
 * the service shuts down.
 *
 * <pre>{@code
 * public static DispatcherMetrics of(MonitoringService service) {
 *   return service.bind(DispatcherMetrics.class, DispatcherMetrics::new);
 * }
 * }</pre>
 *
 * @param <T> the feature's handle
 */
@FunctionalInterface
public interface MonitoringBinder<T extends AutoCloseable> {
  /**
   * Registers the feature's instruments on {@code service}: its {@link MonitoringService#meter()},
   * and for the original's names that OpenTelemetry's exporter would change, its
   * {@link MonitoringService#prometheusRegistry()}. Runs for disabled and degraded services too
   * (with a no-op meter and no registry), so the handle is always usable.
   */
  T bindTo(MonitoringService service);
}
