package com.compozy.monitoring.health;

import com.compozy.monitoring.config.InvalidMonitoringConfigException;
import com.compozy.monitoring.service.MonitoringInitializationException;
import com.compozy.monitoring.service.MonitoringService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>Data: {@code enabled}, {@code initialized}, {@code required}, in a container
 * {@code runtimeHttpMetrics} (what else records the application's HTTP server metrics: the
 * runtime's telemetry or the OpenTelemetry agent, or {@code none}), and when degraded a
 * {@code reason} code with a short fixed {@code error} message:
 * <ul>
 *   <li>{@code invalid_config}: a setting is invalid; {@code key} names it when the failure says
 *       which ({@code monitoring.enabled}, ...);
 *   <li>{@code class_clash}: the server provides other OpenTelemetry classes than the WAR's;
 *   <li>{@code initialization_failed}: anything else.
 * </ul>
 * With tracing enabled ({@code monitoring.tracing.enabled}) or push configured, more data, none of
 * which makes the check DOWN (spans and pushed metrics are not what the application serves):
 * <ul>
 *   <li>{@code tracing}: whether spans are recorded and exported (false when the {@code otel.*}
 *       settings were rejected);
 *   <li>{@code otelConfig} {@code invalid} and {@code otelKey}, the setting autoconfigure rejected
 *       (tracing and OTLP push are then off; the scrape endpoint serves on);
 *   <li>{@code lastExportFailure}, when the last failed export of spans or pushed metrics happened
 *       (ISO-8601), and {@code lastExportFailureSignal}, {@code spans} or {@code metrics}.
 * </ul>
 * Readiness is often served without authentication, so it never carries the failure's own text,
 * which may hold file paths, class-loader descriptions or configured values: the server log has
 * the whole failure.
 *
 * <pre>{@code
 * HealthCheckResponse readiness = new MonitoringHealthCheck(service).call();
 * }</pre>
 *
 * <p>A CDI application gets it as a {@code @Readiness} check without doing anything.
 */
public final class MonitoringHealthCheck implements HealthCheck {
  static final String NAME = "monitoring";
  private static final Pattern KEY = Pattern.compile("\\bmonitoring(?:\\.[a-z]+)+\\b");
  private static final Pattern OTEL_KEY = Pattern.compile("\\botel(?:\\.[a-z0-9_]+)+\\b");

  private final MonitoringService service;
  private final String runtimeHttpMetrics;

  public MonitoringHealthCheck(MonitoringService service) {
    this(service, null);
  }

  /**
   * @param runtimeHttpMetrics what else records HTTP server metrics
   *     ({@code com.compozy.monitoring.http.RuntimeHttpMetrics#summary()}); null leaves the datum out
   */
  public MonitoringHealthCheck(MonitoringService service, String runtimeHttpMetrics) {
    this.service = service;
    this.runtimeHttpMetrics = runtimeHttpMetrics;
  }

  @Override
  public HealthCheckResponse call() {
    Map<String, Object> data = new LinkedHashMap<>();
    boolean required = service.config().required();
    boolean initialized = service.isInitialized();
    data.put("enabled", service.config().enabled());
    data.put("initialized", initialized);
    data.put("required", required);
    if (runtimeHttpMetrics != null) {
      data.put("runtimeHttpMetrics", runtimeHttpMetrics);
    }
    service.initializationError().ifPresent(error -> describe(error, data));
    if (service.config().tracingEnabled() || service.isTracing()) {
      data.put("tracing", service.isTracing());
    }
    service.otelConfigError().ifPresent(message -> {
      data.put("otelConfig", "invalid");
      Matcher key = OTEL_KEY.matcher(message);
      if (key.find()) {
        data.put("otelKey", key.group());
      }
    });
    service.lastExportFailure().ifPresent(failure -> {
      data.put("lastExportFailure", failure.at().toString());
      data.put("lastExportFailureSignal", failure.signal());
    });
    return Responses.of(NAME, initialized || !required, data);
  }

  private static void describe(Throwable error, Map<String, Object> data) {
    Reason reason = Reason.of(error);
    data.put("reason", reason.code);
    data.put("error", reason.message);
    if (reason == Reason.INVALID_CONFIG) {
      String message = String.valueOf(error.getMessage());
      Matcher key = KEY.matcher(message);
      if (key.find()) {
        data.put("key", key.group());
      } else if (message.contains("monitoring path")) {
        data.put("key", "monitoring.path");
      }
    }
  }

  /** Why a service degraded, as readiness shows it. */
  enum Reason {
    INVALID_CONFIG("invalid_config", "invalid monitoring configuration; the server log names the value"),
    CLASS_CLASH("class_clash",
        "the server provides other OpenTelemetry classes than the application's; see the server log"),
    INITIALIZATION_FAILED("initialization_failed", "monitoring could not start; see the server log");

    final String code;
    final String message;

    Reason(String code, String message) {
      this.code = code;
      this.message = message;
    }

    static Reason of(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof InvalidMonitoringConfigException) {
          return INVALID_CONFIG;
        }
        if (t instanceof LinkageError || t instanceof MonitoringInitializationException
            && String.valueOf(t.getMessage()).startsWith("OpenTelemetry")) {
          return CLASS_CLASH;
        }
      }
      return INITIALIZATION_FAILED;
    }
  }
}
