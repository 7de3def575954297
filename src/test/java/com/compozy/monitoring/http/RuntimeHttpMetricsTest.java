package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.http.RuntimeHttpMetrics.Facts;
import com.compozy.monitoring.http.RuntimeHttpMetrics.Server;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which runtime telemetry is found to record HTTP server metrics, from the facts a container gives. */
class RuntimeHttpMetricsTest {
  private static final MonitoringConfig ON = MonitoringConfig.builder().enabled(true).build();

  private static Facts facts(Server server, List<String> arguments, Map<String, String> properties,
      Map<String, String> environment, boolean agentClass, int telemetry, boolean metrics) {
    return new Facts(server, arguments, properties::get, environment::get, agentClass, telemetry, metrics);
  }

  private static RuntimeHttpMetrics plain(Server server) {
    return RuntimeHttpMetrics.detect(facts(server, List.of("-Xmx512m"), Map.of(), Map.of(), false, 0, false));
  }

  @Test
  void aPlainRuntimeHasNothingToReport() {
    for (Server server : Server.values()) {
      RuntimeHttpMetrics found = plain(server);
      assertThat(found.findings()).isEmpty();
      assertThat(found.summary()).isEqualTo("none");
      assertThat(found.advice(ON)).isEmpty();
    }
  }

  @Test
  void libertysRuntimeLevelTelemetry2IsFoundFromTheEnvironmentOrAProperty() {
    RuntimeHttpMetrics fromEnv = RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY, List.of(), Map.of(),
        Map.of("OTEL_SDK_DISABLED", "false"), false, 2, false));
    RuntimeHttpMetrics fromProperty = RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY, List.of(),
        Map.of("otel.sdk.disabled", " FALSE "), Map.of(), false, 2, false));

    for (RuntimeHttpMetrics found : List.of(fromEnv, fromProperty)) {
      assertThat(found.summary()).isEqualTo("Open Liberty mpTelemetry 2 (runtime level)");
      assertThat(found.advice(ON)).isEqualTo("Monitoring: Open Liberty mpTelemetry 2 (runtime level) also records"
          + " this application's HTTP server metrics, so each request is counted twice; switch one off:"
          + " monitoring.http.enabled=false for the library's, or the runtime's OpenTelemetry SDK"
          + " (otel.sdk.disabled=false in server.env, jvm.options or bootstrap.properties)");
    }
  }

  @Test
  void telemetryWithoutItsSdkOnForTheJvmOrTelemetry1IsNotReported() {
    // the feature alone (SDK off, as by default), a property that keeps it off over the environment, Telemetry 1
    assertThat(RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY, List.of(), Map.of(), Map.of(), false, 2, false))
        .findings()).isEmpty();
    assertThat(RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY, List.of(), Map.of("otel.sdk.disabled", "true"),
        Map.of("OTEL_SDK_DISABLED", "false"), false, 2, false)).findings()).isEmpty();
    assertThat(RuntimeHttpMetrics.detect(facts(Server.PAYARA, List.of(), Map.of("otel.sdk.disabled", "false"),
        Map.of(), false, 1, true)).findings()).isEmpty(); // Payara 6: traces only, and its MP Metrics has no HTTP
  }

  @Test
  void payarasTelemetry2AndLibertysMpMetricsAreFound() {
    assertThat(RuntimeHttpMetrics.detect(facts(Server.PAYARA, List.of(), Map.of("otel.sdk.disabled", "false"),
        Map.of(), false, 2, false)).summary()).isEqualTo("Payara MicroProfile Telemetry 2 (runtime level)");
    RuntimeHttpMetrics metrics =
        RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY, List.of(), Map.of(), Map.of(), false, 0, true));
    assertThat(metrics.summary()).isEqualTo("Open Liberty mpMetrics");
    assertThat(metrics.advice(ON)).endsWith("or the mpMetrics feature in server.xml");
  }

  @Test
  void theAgentIsFoundByItsArgumentOrItsClassUnlessSwitchedOff() {
    RuntimeHttpMetrics byArgument = RuntimeHttpMetrics.detect(facts(Server.OTHER,
        List.of("-Xmx1g", "-javaagent:/opt/otel/OpenTelemetry-JavaAgent.jar"), Map.of(), Map.of(), false, 0, false));
    RuntimeHttpMetrics byClass = RuntimeHttpMetrics.detect(facts(Server.PAYARA, List.of(), Map.of(), Map.of(),
        true, 0, false));
    RuntimeHttpMetrics otherAgent = RuntimeHttpMetrics.detect(facts(Server.OTHER,
        List.of("-javaagent:/opt/jacoco.jar"), Map.of(), Map.of(), false, 0, false));
    RuntimeHttpMetrics switchedOff = RuntimeHttpMetrics.detect(facts(Server.OTHER,
        List.of("-javaagent:/opt/opentelemetry-javaagent.jar"), Map.of("otel.javaagent.enabled", "false"), Map.of(),
        false, 0, false));

    assertThat(byArgument.summary()).isEqualTo("the OpenTelemetry Java agent");
    assertThat(byClass.summary()).isEqualTo("the OpenTelemetry Java agent");
    assertThat(otherAgent.findings()).isEmpty();
    assertThat(switchedOff.findings()).isEmpty();
  }

  @Test
  void everythingFoundIsNamedInOneLineAndTheAdviceFollowsTheLibrarysOwnSwitch() {
    RuntimeHttpMetrics found = RuntimeHttpMetrics.detect(facts(Server.OPEN_LIBERTY,
        List.of("-javaagent:/a/opentelemetry-javaagent.jar"), Map.of("otel.sdk.disabled", "false"), Map.of(), false, 2,
        true));

    assertThat(found.summary()).isEqualTo(
        "the OpenTelemetry Java agent; Open Liberty mpTelemetry 2 (runtime level); Open Liberty mpMetrics");
    assertThat(found.advice(ON)).doesNotContain("\n").contains("monitoring.http.enabled=false for the library's")
        .contains("-Dotel.instrumentation.servlet.enabled=false", "otel.sdk.disabled=false in server.env",
            "the mpMetrics feature");
    assertThat(found.advice(ON.toBuilder().httpEnabled(false).build())).isEqualTo("Monitoring: " + found.summary()
        + " records HTTP server metrics; the library's are off (monitoring.http.enabled=false)");
    assertThat(found.advice(MonitoringConfig.defaults())).endsWith("the library's are off (monitoring.enabled=false)");
  }
}
