package com.compozy.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {
  private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
  private final TestClock wall = new TestClock();
  private final MonotonicClock clock = new MonotonicClock(wall, nanos::get);

  @Test
  void startsAtTheWallTimeAndAdvancesWithTheMonotonicNanos() {
    assertThat(clock.instant()).isEqualTo(TestClock.START);
    nanos.addAndGet(1_500_000_001L);
    assertThat(clock.instant()).isEqualTo(TestClock.START.plusNanos(1_500_000_001L));
  }

  @Test
  void wallClockStepsAfterTheStartDoNotMoveIt() {
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    wall.advance(Duration.ofMinutes(30));
    assertThat(clock.instant()).isEqualTo(TestClock.START.plusSeconds(10));
  }

  @Test
  void readsTheWallClockOnlyOnce() {
    AtomicLong reads = new AtomicLong();
    InstantSource counting = () -> {
      reads.incrementAndGet();
      return Instant.EPOCH;
    };
    MonotonicClock once = new MonotonicClock(counting, nanos::get);
    for (int i = 0; i < 5; i++) {
      once.instant();
    }
    assertThat(reads).hasValue(1);
  }

  @Test
  void theRealOneIsCloseToTheWallClockWhenStarted() {
    Instant before = Instant.now();
    Instant read = MonotonicClock.start().instant();
    assertThat(read).isBetween(before, Instant.now().plusSeconds(1));
  }
}
