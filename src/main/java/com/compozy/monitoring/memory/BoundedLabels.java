package com.compozy.monitoring.memory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits the first {@code capacity} distinct label values and maps every later one to
 * {@value #OVERFLOW}. Memory and project ids come from user code; without a bound, ids minted per
 * conversation would grow the series without limit.
 */
final class BoundedLabels {
  static final String OVERFLOW = "other";

  private final int capacity;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  BoundedLabels(int capacity) {
    this.capacity = capacity;
  }

  /** The label to record for {@code value}; {@code null} counts as the empty string. */
  String label(String value) {
    String v = value == null ? "" : value;
    if (admitted.contains(v)) {
      return v;
    }
    synchronized (admitted) {
      if (admitted.size() < capacity) {
        admitted.add(v);
        return v;
      }
    }
    return admitted.contains(v) ? v : OVERFLOW;
  }
}
