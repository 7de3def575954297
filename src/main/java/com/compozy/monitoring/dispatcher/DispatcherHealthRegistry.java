package com.compozy.monitoring.dispatcher;

import com.compozy.monitoring.internal.MonotonicClock;
import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.service.MonitoringService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tracks the heartbeats of registered dispatchers and tells which are stale.
 *
 * <pre>{@code
 * DispatcherHealthRegistry dispatchers = DispatcherHealthRegistry.of(service); // with its gauges
 * dispatchers.register("dispatcher-1", Duration.ofSeconds(30));
 * dispatchers.heartbeat("dispatcher-1");              // from the dispatcher's loop
 * boolean allFresh = dispatchers.staleCount() == 0;
 * }</pre>
 *
 * <p>One registry per application (the CDI integration produces one per {@code MonitoringService});
 * it is not process-global. Thread-safe.
 *
 * <p>A dispatcher is <b>stale</b> when its last heartbeat is strictly older than its threshold.
 * Every getter ({@link #get}, {@link #getAll}, {@link #healthyCount}, {@link #staleCount}) and each
 * metrics collection evaluates staleness at that moment, without changing anything: how often the
 * registry is asked (scrapes, {@code /health/ready} probes) changes no answer.
 * {@link DispatcherHealth#consecutiveFailures()} counts the heartbeat intervals missed, taking the
 * threshold as the interval: 0 while healthy, 1 once the heartbeat is older than one threshold,
 * 2 once older than two, and so on; a heartbeat resets it to 0. (The original added one per
 * evaluation, so that 200 anonymous readiness probes made a dead dispatcher look 200 times as dead.)
 *
 * <p><b>Time.</b> Ages are measured on the registry's clock: by default a monotonic one (the wall
 * time read once, advanced by {@link System#nanoTime()}), so a step of the wall clock neither turns
 * every dispatcher stale nor hides a dead one; {@link #of} uses the service's clock, monotonic too
 * unless the service was given another.
 *
 * <p>Getters return immutable {@link DispatcherHealth} snapshots rather than the original's live
 * shared objects. At most {@value #MAX_DISPATCHERS} dispatchers can be registered at once: ids come
 * from user code and each is a series of three gauges, so {@link #register} refuses new ids beyond
 * that and returns false.
 */
public final class DispatcherHealthRegistry implements AutoCloseable {
  /** The threshold used when a dispatcher is registered with a zero (or null) threshold. */
  public static final Duration DEFAULT_STALE_THRESHOLD = Duration.ofMinutes(2);

  /** Dispatchers registered at once; see the class comment. */
  public static final int MAX_DISPATCHERS = 1000;

  private static final Logger LOG = Logger.getLogger(DispatcherHealthRegistry.class.getName());
  private static final ThrottledLog THROTTLED = new ThrottledLog(LOG);

  private final InstantSource clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile AutoCloseable gauges = () -> {};

  /** A registry on a monotonic clock; see the class comment. */
  public DispatcherHealthRegistry() {
    this(MonotonicClock.start());
  }

  /** A registry on {@code clock}, which tests can control. */
  public DispatcherHealthRegistry(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The registry of {@code service}, on its clock, exposed as the gauges
   * {@code compozy_dispatcher_health_status{dispatcher_id,is_stale}} (1 healthy, 0 stale),
   * {@code compozy_dispatcher_heartbeat_age_seconds{dispatcher_id}} and
   * {@code compozy_dispatcher_consecutive_failures{dispatcher_id}}; the same instance for the same
   * service. Each collection of the gauges is an evaluation, like a {@link #get} call.
   */
  public static DispatcherHealthRegistry of(MonitoringService service) {
    return service.bind(DispatcherHealthRegistry.class, bound -> {
      DispatcherHealthRegistry registry = new DispatcherHealthRegistry(bound.clock());
      registry.gauges = DispatcherHealthGauges.register(bound.meter(), registry);
      return registry;
    });
  }

  /** Stops the gauges of a registry from {@link #of}; the registry itself keeps working. */
  @Override
  public void close() {
    try {
      gauges.close();
    } catch (Exception e) {
      THROTTLED.warn("closing dispatcher health gauges", e);
    }
  }

  /**
   * Registers (or re-registers, replacing the previous state) a dispatcher as healthy with a
   * heartbeat now. A zero or null threshold means {@link #DEFAULT_STALE_THRESHOLD}; a negative one
   * is kept, so the dispatcher is always stale.
   *
   * @return false, and nothing registered, when {@code dispatcherId} is null or
   *     {@value #MAX_DISPATCHERS} other dispatchers are already registered
   */
  public boolean register(String dispatcherId, Duration staleThreshold) {
    if (dispatcherId == null) {
      return false;
    }
    Duration threshold =
        staleThreshold == null || staleThreshold.isZero() ? DEFAULT_STALE_THRESHOLD : staleThreshold;
    Entry fresh = new Entry(dispatcherId, threshold, clock.instant());
    synchronized (entries) {
      if (!entries.containsKey(dispatcherId) && entries.size() >= MAX_DISPATCHERS) {
        THROTTLED.warn("dispatcher registry full (" + MAX_DISPATCHERS
            + " dispatchers); new dispatcher ids are not tracked", null);
        return false;
      }
      entries.put(dispatcherId, fresh);
    }
    LOG.log(Level.FINE, "Registered dispatcher {0} with stale threshold {1}",
        new Object[] {dispatcherId, threshold});
    return true;
  }

  /** Forgets a dispatcher; returns whether it was registered. */
  public boolean unregister(String dispatcherId) {
    return dispatcherId != null && entries.remove(dispatcherId) != null;
  }

  /**
   * Records a heartbeat now: the dispatcher becomes healthy with no failures. An unknown id is
   * ignored (there is no auto-registration) and gives false.
   */
  public boolean heartbeat(String dispatcherId) {
    Entry entry = dispatcherId == null ? null : entries.get(dispatcherId);
    if (entry == null) {
      return false;
    }
    entry.heartbeatAt(clock.instant());
    return true;
  }

  /** The dispatcher's health evaluated now, or empty when it is not registered. */
  public Optional<DispatcherHealth> get(String dispatcherId) {
    Entry entry = dispatcherId == null ? null : entries.get(dispatcherId);
    return entry == null ? Optional.empty() : Optional.of(entry.healthAt(clock.instant()));
  }

  /** Every registered dispatcher's health, all evaluated at the same instant; an immutable map. */
  public Map<String, DispatcherHealth> getAll() {
    Map<String, DispatcherHealth> all = new LinkedHashMap<>();
    for (DispatcherHealth health : evaluateAll(clock.instant())) {
      all.put(health.dispatcherId(), health);
    }
    return Collections.unmodifiableMap(all);
  }

  /** Registered dispatchers that are not stale now. */
  public int healthyCount() {
    return (int) evaluateAll(clock.instant()).stream().filter(DispatcherHealth::healthy).count();
  }

  /** Registered dispatchers that are stale now. */
  public int staleCount() {
    return (int) evaluateAll(clock.instant()).stream().filter(h -> !h.healthy()).count();
  }

  /** Forgets every dispatcher; for this package's tests. */
  void reset() {
    entries.clear();
  }

  InstantSource clock() {
    return clock;
  }

  /** Evaluates every entry at {@code now}, sorted by id so reports are stable. */
  List<DispatcherHealth> evaluateAll(Instant now) {
    List<DispatcherHealth> all = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      all.add(entry.healthAt(now));
    }
    all.sort((a, b) -> a.dispatcherId().compareTo(b.dispatcherId()));
    return all;
  }

  /** One dispatcher: its threshold and the time of its last heartbeat. */
  private static final class Entry {
    private final String id;
    private final Duration threshold;
    private volatile Instant lastHeartbeat;

    Entry(String id, Duration threshold, Instant now) {
      this.id = id;
      this.threshold = threshold;
      this.lastHeartbeat = now;
    }

    void heartbeatAt(Instant now) {
      lastHeartbeat = now;
    }

    DispatcherHealth healthAt(Instant now) {
      Instant last = lastHeartbeat;
      Duration age = Duration.between(last, now);
      boolean stale = age.compareTo(threshold) > 0;
      return new DispatcherHealth(id, last, !stale, threshold, now,
          stale ? DispatcherHealth.missedIntervals(age, threshold) : 0);
    }
  }
}
