package com.compozy.monitoring.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * Internal, not API. An {@link InstantSource} that reads the wall clock once, when it is created,
 * and from then on advances with {@link System#nanoTime()}: a step of the wall clock (NTP, an
 * operator, a VM resumed) moves neither ages nor uptimes measured with it, so minutes added to the
 * wall clock do not make every dispatcher stale and minutes taken away do not hide a dead one.
 *
 * <p>Its instants are the wall time at creation plus the elapsed monotonic time: after a wall-clock
 * step they differ from {@link Instant#now()} by that step. Use it for durations between its own
 * instants, not as a timestamp to compare with other clocks.
 *
 * <pre>{@code
 * InstantSource clock = MonotonicClock.start();
 * Instant registered = clock.instant();
 * Duration age = Duration.between(registered, clock.instant()); // never negative
 * }</pre>
 */
public final class MonotonicClock implements InstantSource {
  private final Instant anchor;
  private final long anchorNanos;
  private final LongSupplier nanoTime;

  MonotonicClock(InstantSource wall, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.anchorNanos = nanoTime.getAsLong();
    this.anchor = wall.instant();
  }

  /** A clock anchored at the wall time now. */
  public static MonotonicClock start() {
    return new MonotonicClock(InstantSource.system(), System::nanoTime);
  }

  @Override
  public Instant instant() {
    return anchor.plusNanos(nanoTime.getAsLong() - anchorNanos);
  }

  @Override
  public String toString() {
    return "MonotonicClock{anchored at " + anchor + "}";
  }
}
