package com.compozy.monitoring.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when the test says so: staleness, uptime and heartbeat ages become exact
 * without sleeping. Give it to a service with {@code MonitoringService.builder().clock(clock)}; the
 * {@link MonitoringExtension} does, so the {@code ManualClock} a test is given is its service's clock.
 *
 * <pre>{@code
 * DispatcherHealthRegistry dispatchers = DispatcherHealthRegistry.of(monitoring); // on the service's clock
 * dispatchers.register("dispatcher-1", Duration.ofSeconds(30));
 * clock.advance(Duration.ofSeconds(31));
 * assertEquals(1, dispatchers.staleCount());
 * }</pre>
 *
 * <p>Like the library's own clock it only moves forward, and it starts at a fixed instant
 * ({@link #START}), not at the time of day: a test must not depend on wall time. Thread-safe.
 */
public final class ManualClock implements InstantSource {
  /** Where a clock made with {@link #ManualClock()} starts. */
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  public ManualClock() {
    this(START);
  }

  public ManualClock(Instant start) {
    now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward by {@code duration} and returns the new instant.
   *
   * @throws IllegalArgumentException if {@code duration} is negative: time does not go back
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward: got " + duration);
    }
    return now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public String toString() {
    return "ManualClock{" + now.get() + "}";
  }
}
