package com.compozy.monitoring.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ids a run's span takes from its run id, the same on every worker. */
class RunSpanIdsTest {
  @Test
  void runIdsGiveValidIdsThatDifferPerRun() {
    assertThat(TemporalTracing.runSpanId("run-1")).hasSize(16).matches("[0-9a-f]{16}")
        .isNotEqualTo(TemporalTracing.runSpanId("run-2")).isEqualTo(TemporalTracing.runSpanId("run-1"));
    assertThat(TemporalTracing.runTraceId("run-1")).hasSize(32).matches("[0-9a-f]{31}[13579bdf]")
        .isNotEqualTo(TemporalTracing.runTraceId("run-2"));
  }
}
