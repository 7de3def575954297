package com.compozy.monitoring.promtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.promtool.Promtool.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's Prometheus files are valid and the rules behave as their unit tests
 * ({@code demo/prometheus/rules_test.yml}) say: every alert fires and stays quiet where it should,
 * every recording rule gives the hand-computed values.
 */
class RulesTest {
  private Promtool promtool;

  @BeforeEach
  void findPromtool() {
    promtool = Promtool.require();
  }

  @Test
  void rulesAreValid() {
    Result result = promtool.run("check", "rules", "demo/prometheus/rules.yml");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).as(result.describe()).contains("SUCCESS");
  }

  @Test
  void rulesPassTheirUnitTests() {
    Result result = promtool.run("test", "rules", "demo/prometheus/rules_test.yml");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).as(result.describe()).contains("SUCCESS");
  }

  @Test
  void demoPrometheusConfigIsValid() {
    Result result = promtool.run("check", "config", "demo/prometheus/prometheus.yml");

    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}
