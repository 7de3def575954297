package com.compozy.monitoring.health;

import com.compozy.monitoring.service.MonitoringService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness check {@code monitoring}: reports whether monitoring is enabled and running, and why
 * not when it degraded.
 *
 * <p>It stays UP when monitoring is disabled or degraded, because the application works without
 * metrics (the service falls back to a no-op). With {@code monitoring.required=true} it is DOWN
 * whenever monitoring is not running, disabled included: an application that needs its metrics
 * should not take traffic without them. Liveness is never affected.
 *
 * <p>Data: {@code enabled}, {@code initialized}, {@code required}, and {@code error} when degraded.
 *
 * <pre>{@code
 * HealthCheckResponse readiness = new MonitoringHealthCheck(service).call();
 * }</pre>
 *
 * <p>A CDI application gets it as a {@code @Readiness} check without doing anything.
 */
public final class MonitoringHealthCheck implements HealthCheck {
  static final String NAME = "monitoring";

  private final MonitoringService service;

  public MonitoringHealthCheck(MonitoringService service) {
    this.service = service;
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, Object> data = new LinkedHashMap<>();
    boolean required = service.config().required();
    boolean initialized = service.isInitialized();
    data.put("enabled", service.config().enabled());
    data.put("initialized", initialized);
    data.put("required", required);
    service.initializationError().ifPresent(error -> data.put("error", describe(error)));
    return Responses.of(NAME, initialized || !required, data);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }
}
