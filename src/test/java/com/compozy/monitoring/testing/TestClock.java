package com.compozy.monitoring.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that moves only when told, so staleness and uptime tests need no sleeps; it can also be
 * told to fail, to force a failure through a service's clock seam.
 *
 * <pre>{@code
 * TestClock clock = new TestClock();
 * MonitoringService service = MonitoringService.builder().config(enabled).clock(clock).build();
 * clock.advance(Duration.ofSeconds(90));
 * }</pre>
 */
public final class TestClock implements InstantSource {
  /** Where every test clock starts. */
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private Instant now = START;
  private RuntimeException failure;

  @Override
  public synchronized Instant instant() {
    if (failure != null) {
      throw failure;
    }
    return now;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  /** Every later read throws {@code failure}, until {@link #recover()}. */
  public synchronized void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  public synchronized void recover() {
    failure = null;
  }
}
