package com.compozy.monitoring.health;

import com.compozy.monitoring.service.MonitoringService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

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
 */
@Readiness
@ApplicationScoped
public class MonitoringHealthCheck implements HealthCheck {
  static final String NAME = "monitoring";

  @Inject MonitoringService service;

  /** For CDI. */
  protected MonitoringHealthCheck() {}

  /** For use without a container. */
  MonitoringHealthCheck(MonitoringService service) {
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
