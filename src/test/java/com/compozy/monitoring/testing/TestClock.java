package com.compozy.monitoring.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told, so staleness tests need no sleeps. */
public final class TestClock implements InstantSource {
  private Instant now = Instant.parse("2025-01-01T00:00:00Z");

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }
}
