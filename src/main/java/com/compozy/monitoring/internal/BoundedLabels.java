package com.compozy.monitoring.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal, not API. Admits the first {@code capacity} distinct values of a label and maps every
 * later one to {@value #OVERFLOW}, so that user-supplied ids cannot grow the series without bound.
 */
public final class BoundedLabels {
  public static final String OVERFLOW = "other";

  private final int capacity;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  public BoundedLabels(int capacity) {
    this.capacity = capacity;
  }

  /** The label to record for {@code value}; {@code null} counts as the empty string. */
  public String label(String value) {
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
