package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.internal.GuardedRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

/** The three gauges of {@link DispatcherHealthRegistry#of}, evaluated at each collection. */
final class DispatcherHealthGauges {
  private static final AttributeKey<String> DISPATCHER_ID = AttributeKey.stringKey("dispatcher_id");
  private static final AttributeKey<Boolean> IS_STALE = AttributeKey.booleanKey("is_stale");

  private DispatcherHealthGauges() {}

  static AutoCloseable register(Meter meter, DispatcherHealthRegistry registry) {
    GuardedRecorder guard = new GuardedRecorder(DispatcherHealthGauges.class);
    ObservableLongMeasurement status = meter.gaugeBuilder("compozy_dispatcher_health_status")
        .ofLongs().setDescription("Dispatcher health status (1=healthy, 0=unhealthy)").buildObserver();
    ObservableDoubleMeasurement age = meter.gaugeBuilder("compozy_dispatcher_heartbeat_age_seconds")
        .setDescription("Seconds since the last dispatcher heartbeat was observed").buildObserver();
    ObservableLongMeasurement failures = meter.gaugeBuilder("compozy_dispatcher_consecutive_failures")
        .ofLongs().setDescription("Number of consecutive dispatcher health check failures")
        .buildObserver();
    BatchCallback callback = meter.batchCallback(() -> guard.run("dispatcher health collection", () -> {
      for (DispatcherHealth health : registry.evaluateAll(registry.clock().instant())) {
        Attributes id = Attributes.of(DISPATCHER_ID, health.dispatcherId());
        status.record(health.healthy() ? 1 : 0,
            Attributes.of(DISPATCHER_ID, health.dispatcherId(), IS_STALE, !health.healthy()));
        age.record(health.heartbeatAge().toNanos() / 1e9, id);
        failures.record(health.consecutiveFailures(), id);
      }
    }), status, age, failures);
    return () -> {
      if (guard.close()) {
        callback.close();
      }
    };
  }
}
