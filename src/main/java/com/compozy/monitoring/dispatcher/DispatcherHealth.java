package com.compozy.monitoring.dispatcher;

import java.time.Duration;
import java.time.Instant;

/**
 * The health of one registered dispatcher as evaluated at {@link #lastHealthCheck()}.
 *
 * <p>An immutable snapshot, unlike the original's shared live object: a caller can keep or compare
 * it without it changing underneath, and reading it takes no lock.
 *
 * <p>The instants are on the registry's clock, by default monotonic: the wall time when the
 * registry started plus the time elapsed since, which differs from the wall clock by any step the
 * wall clock made since then. Ages and staleness are exact; as timestamps they are approximate.
 *
 * @param dispatcherId the id it was registered with
 * @param lastHeartbeat when its last heartbeat (or its registration) was seen
 * @param healthy true when it was not stale at {@code lastHealthCheck}
 * @param staleThreshold how old a heartbeat may get before the dispatcher counts as stale
 * @param lastHealthCheck when this snapshot was evaluated
 * @param consecutiveFailures heartbeat intervals missed (the threshold taken as the interval): 0
 *     when healthy, else the whole thresholds that fit in the heartbeat's age (1 for a negative
 *     threshold); how often it is evaluated does not change it
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

  /** Whole thresholds in {@code age}, for a stale dispatcher (so at least 1). */
  static long missedIntervals(Duration age, Duration threshold) {
    return threshold.isNegative() || threshold.isZero() ? 1 : Math.max(1, age.dividedBy(threshold));
  }
}
