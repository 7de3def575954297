package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Exposes a {@link DispatcherHealthRegistry} as three gauges, evaluated at each collection:
 * {@code compozy_dispatcher_health_status{dispatcher_id,is_stale}} (1 healthy, 0 stale),
 * {@code compozy_dispatcher_heartbeat_age_seconds{dispatcher_id}} and
 * {@code compozy_dispatcher_consecutive_failures{dispatcher_id}}.
 *
 * <pre>{@code
 * DispatcherHealthMetrics gauges = DispatcherHealthMetrics.register(service.meter(), registry);
 * ...
 * gauges.close(); // when the application stops
 * }</pre>
 *
 * <p>Each collection is an evaluation: it updates the registry's state and, for a stale
 * dispatcher, its consecutive failures (see {@link DispatcherHealthRegistry}).
 */
public final class DispatcherHealthMetrics implements AutoCloseable {
  private static final AttributeKey<String> DISPATCHER_ID = AttributeKey.stringKey("dispatcher_id");
  private static final AttributeKey<Boolean> IS_STALE = AttributeKey.booleanKey("is_stale");
  private static final ThrottledLog LOG =
      new ThrottledLog(Logger.getLogger(DispatcherHealthMetrics.class.getName()));

  private final BatchCallback callback;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DispatcherHealthMetrics(Meter meter, DispatcherHealthRegistry registry) {
    ObservableLongMeasurement status = meter.gaugeBuilder("compozy_dispatcher_health_status")
        .ofLongs().setDescription("Dispatcher health status (1=healthy, 0=unhealthy)").buildObserver();
    ObservableDoubleMeasurement age = meter.gaugeBuilder("compozy_dispatcher_heartbeat_age_seconds")
        .setDescription("Seconds since the last dispatcher heartbeat was observed").buildObserver();
    ObservableLongMeasurement failures = meter.gaugeBuilder("compozy_dispatcher_consecutive_failures")
        .ofLongs().setDescription("Number of consecutive dispatcher health check failures")
        .buildObserver();
    this.callback = meter.batchCallback(() -> {
      try {
        Instant now = registry.clock().instant();
        for (DispatcherHealth health : registry.evaluateAll(now)) {
          Attributes id = Attributes.of(DISPATCHER_ID, health.dispatcherId());
          status.record(health.healthy() ? 1 : 0,
              Attributes.of(DISPATCHER_ID, health.dispatcherId(), IS_STALE, !health.healthy()));
          age.record(health.heartbeatAge().toNanos() / 1e9, id);
          failures.record(health.consecutiveFailures(), id);
        }
      } catch (RuntimeException e) {
        LOG.warn("dispatcher health collection failed", e);
      }
    }, status, age, failures);
  }

  /** Binds {@code registry}'s gauges to {@code meter}; call once per registry and meter. */
  public static DispatcherHealthMetrics register(Meter meter, DispatcherHealthRegistry registry) {
    return new DispatcherHealthMetrics(Objects.requireNonNull(meter, "meter"),
        Objects.requireNonNull(registry, "registry"));
  }

  /** Binds {@code registry}'s gauges to {@code service}'s meter. */
  public static DispatcherHealthMetrics register(MonitoringService service, DispatcherHealthRegistry registry) {
    return register(service.meter(), registry);
  }

  /** Stops reporting the gauges; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        callback.close();
      } catch (RuntimeException e) {
        LOG.warn("dispatcher health metrics close failed", e);
      }
    }
  }
}
