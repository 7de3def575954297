package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What else records this application's HTTP server metrics: the runtime's own telemetry or the
 * OpenTelemetry Java agent. Found once at startup, so that a user who enabled both is told which
 * one to switch off instead of finding two sets of numbers that disagree.
 *
 * <pre>{@code
 * RuntimeHttpMetrics found = RuntimeHttpMetrics.detect(new RuntimeHttpMetrics.Facts(
 *     Server.OPEN_LIBERTY, jvmArguments, System::getProperty, System::getenv, false, 2, false));
 * found.summary();            // "Open Liberty mpTelemetry 2 (runtime level)", or "none"
 * found.advice(config);       // the one log line, or empty when nothing was found
 * }</pre>
 *
 * <p>What counts as recording HTTP server metrics (each checked on the runtime named):
 * <ul>
 *   <li>the OpenTelemetry Java agent: a {@code -javaagent:} naming it, or its main class on the
 *       system class path; unless {@code otel.javaagent.enabled=false};
 *   <li>a runtime's MicroProfile Telemetry 2 (its OpenTelemetry has the 1.38+ API that Telemetry 2
 *       requires; Telemetry 1, such as Payara 6's, records traces only) with its SDK enabled for
 *       the whole JVM ({@code otel.sdk.disabled=false} as a system property or
 *       {@code OTEL_SDK_DISABLED=false} in the environment): Open Liberty's mpTelemetry-2.x at
 *       runtime level, and Payara 7's;
 *   <li>Open Liberty's mpMetrics feature (its REST request metrics). Payara's built-in MicroProfile
 *       Metrics records none (checked on Payara Micro 6.2025.10), so it is not reported.
 * </ul>
 */
public final class RuntimeHttpMetrics {
  /** The runtime the application runs on, as far as it matters here. */
  public enum Server { OPEN_LIBERTY, PAYARA, OTHER }

  /**
   * What the container and the JVM say about themselves.
   *
   * @param jvmArguments the JVM's input arguments ({@code RuntimeMXBean#getInputArguments})
   * @param agentOnClassPath whether the agent's main class is on the system class path
   * @param runtimeTelemetry the MicroProfile Telemetry major version the runtime gives the
   *     application (0 when it gives none)
   * @param runtimeMetrics whether the runtime provides MicroProfile Metrics itself
   */
  public record Facts(Server server, List<String> jvmArguments, Function<String, String> systemProperty,
      Function<String, String> environment, boolean agentOnClassPath, int runtimeTelemetry,
      boolean runtimeMetrics) {
    public Facts {
      Objects.requireNonNull(server, "server");
      jvmArguments = List.copyOf(jvmArguments);
      Objects.requireNonNull(systemProperty, "systemProperty");
      Objects.requireNonNull(environment, "environment");
    }
  }

  /** One other recorder: what it is and how to switch it off. */
  public record Finding(String what, String switchOff) {}

  private static final RuntimeHttpMetrics NONE = new RuntimeHttpMetrics(List.of());

  private final List<Finding> findings;

  private RuntimeHttpMetrics(List<Finding> findings) {
    this.findings = List.copyOf(findings);
  }

  /** Nothing found: for an application whose container could not be asked. */
  public static RuntimeHttpMetrics none() {
    return NONE;
  }

  public static RuntimeHttpMetrics detect(Facts facts) {
    List<Finding> found = new ArrayList<>();
    if (agentAttached(facts) && !"false".equalsIgnoreCase(trimmed(facts.systemProperty().apply("otel.javaagent.enabled")))) {
      found.add(new Finding("the OpenTelemetry Java agent",
          "its HTTP server instrumentation (-Dotel.instrumentation.servlet.enabled=false, on Open Liberty also"
              + " -Dotel.instrumentation.liberty.enabled=false)"));
    }
    if (facts.runtimeTelemetry() >= 2 && sdkEnabledForTheJvm(facts)) {
      if (facts.server() == Server.OPEN_LIBERTY) {
        found.add(new Finding("Open Liberty mpTelemetry " + facts.runtimeTelemetry() + " (runtime level)",
            "the runtime's OpenTelemetry SDK (otel.sdk.disabled=false in server.env, jvm.options or"
                + " bootstrap.properties)"));
      } else if (facts.server() == Server.PAYARA) {
        found.add(new Finding("Payara MicroProfile Telemetry " + facts.runtimeTelemetry() + " (runtime level)",
            "the runtime's OpenTelemetry SDK (otel.sdk.disabled=false)"));
      } else {
        found.add(new Finding("the runtime's MicroProfile Telemetry " + facts.runtimeTelemetry(),
            "the runtime's OpenTelemetry SDK (otel.sdk.disabled=false)"));
      }
    }
    if (facts.runtimeMetrics() && facts.server() == Server.OPEN_LIBERTY) {
      found.add(new Finding("Open Liberty mpMetrics", "the mpMetrics feature in server.xml"));
    }
    return found.isEmpty() ? NONE : new RuntimeHttpMetrics(found);
  }

  public List<Finding> findings() {
    return findings;
  }

  /** For readiness data: what was found, {@code "; "}-separated, or {@code none}. */
  public String summary() {
    return findings.isEmpty() ? "none" : findings.stream().map(Finding::what).collect(Collectors.joining("; "));
  }

  /**
   * The one line to log at startup, or empty when nothing was found. With the library's HTTP
   * metrics on it says that requests are counted twice and what to switch off; with them off
   * ({@code monitoring.http.enabled=false}, or monitoring disabled) that they are left to the other.
   */
  public String advice(MonitoringConfig config) {
    if (findings.isEmpty()) {
      return "";
    }
    String found = summary();
    if (!config.enabled() || !config.httpEnabled()) {
      return "Monitoring: " + found + " records HTTP server metrics; the library's are off ("
          + (config.enabled() ? MonitoringConfig.HTTP_ENABLED_KEY : MonitoringConfig.ENABLED_KEY) + "=false)";
    }
    return "Monitoring: " + found + " also records this application's HTTP server metrics, so each request is"
        + " counted twice; switch one off: " + MonitoringConfig.HTTP_ENABLED_KEY + "=false for the library's, or "
        + findings.stream().map(Finding::switchOff).collect(Collectors.joining(", and "));
  }

  private static boolean agentAttached(Facts facts) {
    if (facts.agentOnClassPath()) {
      return true;
    }
    for (String argument : facts.jvmArguments()) {
      if (argument.startsWith("-javaagent:") && argument.toLowerCase(Locale.ROOT).contains("opentelemetry")) {
        return true;
      }
    }
    return false;
  }

  private static boolean sdkEnabledForTheJvm(Facts facts) {
    String property = trimmed(facts.systemProperty().apply("otel.sdk.disabled"));
    String variable = trimmed(facts.environment().apply("OTEL_SDK_DISABLED"));
    return "false".equalsIgnoreCase(property != null ? property : variable); // the property wins, as in OpenTelemetry
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  @Override
  public String toString() {
    return "RuntimeHttpMetrics{" + summary() + "}";
  }
}
