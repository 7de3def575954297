package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The original's dispatcher_test, on a controlled clock, plus the edge cases of the spec. */
class DispatcherHealthRegistryTest {
  private final TestClock clock = new TestClock();
  private final DispatcherHealthRegistry registry = new DispatcherHealthRegistry(clock);

  @Test
  void registeredDispatcherExistsHealthyWithItsIdAndThreshold() {
    assertThat(registry.register("d1", Duration.ofSeconds(30))).isTrue();

    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.dispatcherId()).isEqualTo("d1");
    assertThat(health.healthy()).isTrue();
    assertThat(health.staleThreshold()).isEqualTo(Duration.ofSeconds(30));
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.lastHeartbeat()).isEqualTo(clock.instant());
  }

  @Test
  void afterTheThresholdPassesTheDispatcherIsStaleAndUnhealthyThroughTheGetter() {
    registry.register("d1", Duration.ofMillis(10));
    clock.advance(Duration.ofMillis(20));

    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.isStaleAt(clock.instant())).isTrue();
    assertThat(health.healthy()).isFalse();
  }

  @Test
  void unregisterRemovesTheEntry() {
    registry.register("d1", Duration.ofMinutes(1));
    assertThat(registry.unregister("d1")).isTrue();
    assertThat(registry.get("d1")).isEmpty();
    assertThat(registry.unregister("d1")).isFalse();
  }

  @Test
  void countsHealthyAndStaleDispatchers() {
    registry.register("a", Duration.ofMinutes(1));
    registry.register("b", Duration.ofMinutes(1));
    registry.register("fast", Duration.ofMillis(10));
    clock.advance(Duration.ofMillis(20));

    assertThat(registry.healthyCount()).isEqualTo(2);
    assertThat(registry.staleCount()).isEqualTo(1);
    assertThat(registry.getAll()).hasSize(3).containsOnlyKeys("a", "b", "fast");
  }

  @Test
  void aHeartbeatMakesAStaleDispatcherHealthyAgain() {
    registry.register("d1", Duration.ofMillis(10));
    clock.advance(Duration.ofMillis(20));
    assertThat(registry.get("d1").orElseThrow().healthy()).isFalse();

    assertThat(registry.heartbeat("d1")).isTrue();

    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.isStaleAt(clock.instant())).isFalse();
    assertThat(health.healthy()).isTrue();
    assertThat(health.consecutiveFailures()).isZero();
  }

  @Test
  void consecutiveFailuresCountMissedIntervalsOfTheThreshold() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(registry.get("d1").orElseThrow().consecutiveFailures()).isZero();

    clock.advance(Duration.ofNanos(1));
    assertThat(registry.get("d1").orElseThrow().consecutiveFailures()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(registry.get("d1").orElseThrow().consecutiveFailures()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(45));
    DispatcherHealth late = registry.get("d1").orElseThrow();
    assertThat(late.consecutiveFailures()).isEqualTo(6);
    assertThat(late.heartbeatAge()).isEqualTo(Duration.ofSeconds(65));

    registry.heartbeat("d1");
    assertThat(registry.get("d1").orElseThrow().consecutiveFailures()).isZero();
  }

  @Test
  void evaluatingChangesNothing() {
    registry.register("d1", Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(2500));

    for (int i = 0; i < 200; i++) {
      registry.get("d1");
      registry.staleCount();
      registry.healthyCount();
      registry.getAll();
    }

    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.consecutiveFailures()).isEqualTo(2);
    assertThat(health.lastHeartbeat()).isEqualTo(TestClock.START);
    assertThat(health.lastHealthCheck()).isEqualTo(TestClock.START.plusMillis(2500));
  }

  @Test
  void aNegativeThresholdIsAlwaysStaleWithOneFailure() {
    registry.register("d1", Duration.ofSeconds(-1));
    clock.advance(Duration.ofMinutes(10));
    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.healthy()).isFalse();
    assertThat(health.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void theDefaultRegistryMeasuresOnAMonotonicClock() {
    assertThat(new DispatcherHealthRegistry().clock())
        .isInstanceOf(com.compozy.monitoring.internal.MonotonicClock.class);
  }

  @Test
  void isStaleComparesTheHeartbeatAgeWithTheThreshold() {
    Instant now = clock.instant();
    DispatcherHealth old = new DispatcherHealth("d", now.minusSeconds(30), true,
        Duration.ofSeconds(10), now, 0);
    DispatcherHealth recent = new DispatcherHealth("d", now.minusSeconds(5), true,
        Duration.ofSeconds(10), now, 0);

    assertThat(old.isStaleAt(now)).isTrue();
    assertThat(recent.isStaleAt(now)).isFalse();
  }

  @Test
  void anAgeExactlyEqualToTheThresholdIsNotStale() {
    registry.register("d1", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(registry.get("d1").orElseThrow().healthy()).isTrue();

    clock.advance(Duration.ofNanos(1));
    assertThat(registry.get("d1").orElseThrow().healthy()).isFalse();
  }

  @Test
  void zeroThresholdMeansTwoMinutesAndNegativeIsKeptAndAlwaysStale() {
    registry.register("zero", Duration.ZERO);
    registry.register("none", null);
    registry.register("negative", Duration.ofSeconds(-1));

    assertThat(registry.get("zero").orElseThrow().staleThreshold()).isEqualTo(Duration.ofMinutes(2));
    assertThat(registry.get("none").orElseThrow().staleThreshold())
        .isEqualTo(DispatcherHealthRegistry.DEFAULT_STALE_THRESHOLD);
    DispatcherHealth negative = registry.get("negative").orElseThrow();
    assertThat(negative.staleThreshold()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(negative.healthy()).isFalse();
  }

  @Test
  void heartbeatOfAnUnknownDispatcherIsIgnored() {
    assertThat(registry.heartbeat("ghost")).isFalse();
    assertThat(registry.get("ghost")).isEmpty();
    assertThat(registry.getAll()).isEmpty();
  }

  @Test
  void reRegisteringReplacesTheStateWithAFreshHealthyEntry() {
    registry.register("d1", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(5));
    registry.get("d1");

    registry.register("d1", Duration.ofSeconds(3));

    DispatcherHealth health = registry.get("d1").orElseThrow();
    assertThat(health.healthy()).isTrue();
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.staleThreshold()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void snapshotsDoNotChangeWhenTheDispatcherDoes() {
    registry.register("d1", Duration.ofSeconds(1));
    DispatcherHealth before = registry.get("d1").orElseThrow();
    clock.advance(Duration.ofSeconds(5));
    assertThat(registry.get("d1").orElseThrow().healthy()).isFalse();

    assertThat(before.healthy()).isTrue();
    assertThat(before.consecutiveFailures()).isZero();
  }

  @Test
  void refusesNewDispatchersBeyondTheCapButStillReRegistersKnownOnes() {
    for (int i = 0; i < DispatcherHealthRegistry.MAX_DISPATCHERS; i++) {
      assertThat(registry.register("d" + i, Duration.ofMinutes(1))).isTrue();
    }
    assertThat(registry.register("one-too-many", Duration.ofMinutes(1))).isFalse();
    assertThat(registry.register("d0", Duration.ofMinutes(5))).isTrue();
    assertThat(registry.getAll()).hasSize(DispatcherHealthRegistry.MAX_DISPATCHERS);
    assertThat(registry.register(null, Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void resetForgetsEveryDispatcher() {
    registry.register("a", Duration.ofMinutes(1));
    registry.register("b", Duration.ofMinutes(1));
    registry.reset();
    assertThat(registry.getAll()).isEmpty();
    assertThat(registry.healthyCount()).isZero();
  }

  @Test
  void registriesAreIndependent() {
    DispatcherHealthRegistry other = new DispatcherHealthRegistry(clock);
    registry.register("a", Duration.ofMinutes(1));
    assertThat(other.getAll()).isEmpty();
  }
}
