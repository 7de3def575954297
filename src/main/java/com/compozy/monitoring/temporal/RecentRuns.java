package com.compozy.monitoring.temporal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last run ids that were counted, so a workflow task that is retried live on the same
 * worker (it failed, timed out, or its completion was rejected because a signal arrived) does not
 * count the same start or end twice. Bounded: the oldest ids are forgotten first.
 */
final class RecentRuns {
  static final int CAPACITY = 10_000;

  private final Map<String, Boolean> runs = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /** True the first time {@code runId} is seen (within the capacity). */
  synchronized boolean firstTime(String runId) {
    return runs.putIfAbsent(runId, Boolean.TRUE) == null;
  }

  synchronized boolean contains(String runId) {
    return runs.containsKey(runId);
  }
}
