package com.compozy.monitoring.dispatcher;

import java.time.Duration;
import java.time.Instant;

/**
 * The health of one registered dispatcher as evaluated at {@link #lastHealthCheck()}.
 *
 * <p>An immutable snapshot, unlike the original's shared live object: a caller can keep or compare
 * it without it changing underneath, and reading it takes no lock.
 *
 * @param dispatcherId the id it was registered with
 * @param lastHeartbeat when its last heartbeat (or its registration) was seen
 * @param healthy true when it was not stale at {@code lastHealthCheck}
 * @param staleThreshold how old a heartbeat may get before the dispatcher counts as stale
 * @param lastHealthCheck when this snapshot was evaluated
 * @param consecutiveFailures evaluations in a row that found it stale (0 when healthy)
 */
public record DispatcherHealth(
    String dispatcherId,
    Instant lastHeartbeat,
    boolean healthy,
    Duration staleThreshold,
    Instant lastHealthCheck,
    long consecutiveFailures) {

  /** Time between the last heartbeat and this evaluation. */
  public Duration heartbeatAge() {
    return Duration.between(lastHeartbeat, lastHealthCheck);
  }

  /** Whether the dispatcher is stale at {@code now}: its heartbeat is strictly older than the threshold. */
  public boolean isStaleAt(Instant now) {
    return isStale(lastHeartbeat, staleThreshold, now);
  }

  static boolean isStale(Instant lastHeartbeat, Duration threshold, Instant now) {
    return Duration.between(lastHeartbeat, now).compareTo(threshold) > 0;
  }
}
