package com.compozy.monitoring.health;

import com.compozy.monitoring.dispatcher.DispatcherHealth;
import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness check {@code dispatchers}: DOWN when any registered dispatcher is stale, UP otherwise
 * (also when none is registered).
 *
 * <p>Data: {@code healthy} and {@code stale} counts, and per dispatcher
 * {@code <id>.heartbeat_age_seconds}, {@code <id>.stale_threshold_seconds} (whole seconds) and
 * {@code <id>.consecutive_failures}. Details are given for at most {@value #MAX_DETAILED}
 * dispatchers, stale ones first; {@code details_truncated} says when some were left out.
 *
 * <p>A probe only reads the registry: {@code consecutive_failures} counts heartbeat intervals
 * missed, so any number of probes leaves every value as it was.
 *
 * <pre>{@code
 * HealthCheckResponse readiness = new DispatchersHealthCheck(registry).call();
 * HealthCheckResponse informative = DispatchersHealthCheck.reportOnly(registry).call(); // always UP
 * }</pre>
 *
 * <p>A CDI application gets it as a {@code @Readiness} check on the application's registry; with
 * {@code monitoring.readiness.dispatchers=false} it is the {@link #reportOnly} one.
 */
public final class DispatchersHealthCheck implements HealthCheck {
  static final String NAME = "dispatchers";
  static final int MAX_DETAILED = 100;

  private final DispatcherHealthRegistry registry;
  private final boolean gatesReadiness;

  public DispatchersHealthCheck(DispatcherHealthRegistry registry) {
    this(registry, true);
  }

  private DispatchersHealthCheck(DispatcherHealthRegistry registry, boolean gatesReadiness) {
    this.registry = registry;
    this.gatesReadiness = gatesReadiness;
  }

  /**
   * The same check with the same data, always UP and with {@code in_readiness=false}: for a
   * service whose API does not depend on its dispatchers.
   */
  public static DispatchersHealthCheck reportOnly(DispatcherHealthRegistry registry) {
    return new DispatchersHealthCheck(registry, false);
  }

  @Override
  public HealthCheckResponse call() {
    // one evaluation: counts and details come from the same instant
    List<DispatcherHealth> all = new ArrayList<>(registry.getAll().values());
    long stale = all.stream().filter(h -> !h.healthy()).count();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("healthy", all.size() - stale);
    data.put("stale", stale);
    all.sort(Comparator.comparing(DispatcherHealth::healthy)
        .thenComparing(DispatcherHealth::dispatcherId));
    for (DispatcherHealth health : all.subList(0, Math.min(all.size(), MAX_DETAILED))) {
      String id = health.dispatcherId();
      data.put(id + ".heartbeat_age_seconds", health.heartbeatAge().toSeconds());
      data.put(id + ".stale_threshold_seconds", health.staleThreshold().toSeconds());
      data.put(id + ".consecutive_failures", health.consecutiveFailures());
    }
    if (all.size() > MAX_DETAILED) {
      data.put("details_truncated", true);
    }
    if (!gatesReadiness) {
      data.put("in_readiness", false);
    }
    return Responses.of(NAME, stale == 0 || !gatesReadiness, data);
  }
}
