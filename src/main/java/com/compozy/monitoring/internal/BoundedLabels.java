package com.compozy.monitoring.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal, not API. Admits at most {@code capacity} distinct values of a label at a time and maps
 * every other one to {@link #OVERFLOW}, so that user-supplied ids cannot grow the series without
 * bound.
 *
 * <pre>{@code
 * BoundedLabels ids = new BoundedLabels("dispatcher_id", 1000);
 * counter.add(1, Attributes.of(DISPATCHER_ID, ids.label(dispatcherId)));
 * ids.release(dispatcherId); // when the dispatcher is gone: its slot is free for a new id
 * }</pre>
 *
 * <p><b>The overflow value is the empty string.</b> No real id is empty: an empty or null id is not
 * an id and is recorded as overflow too, so the overflow series can never merge with a real one
 * (a readable word such as {@code other} could: a dispatcher may be called {@code other}).
 * Prometheus stores a label with an empty value as no label at all, so the overflow series is the
 * one without the id label, selected by {@code {dispatcher_id=""}}. A value longer than
 * {@value #MAX_LENGTH} characters is not admitted either: one such id would make every scrape large.
 *
 * <p>The first value refused is logged (throttled), naming the label; later ones at FINE.
 */
public final class BoundedLabels {
  /** The label value recorded for every value that is not admitted; see the class comment. */
  public static final String OVERFLOW = "";

  /** Longest value admitted, in chars. */
  public static final int MAX_LENGTH = 256;

  private final String label;
  private final int capacity;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final ThrottledLog log = new ThrottledLog(BoundedLabels.class);

  public BoundedLabels(String label, int capacity) {
    this.label = label;
    this.capacity = capacity;
  }

  /** The label to record for {@code value}: the value itself once admitted, else {@link #OVERFLOW}. */
  public String label(String value) {
    if (value == null || value.isEmpty()) {
      return OVERFLOW;
    }
    if (admitted.contains(value)) {
      return value;
    }
    if (value.length() <= MAX_LENGTH) {
      synchronized (admitted) {
        if (admitted.contains(value) || admitted.size() < capacity) {
          admitted.add(value);
          return value;
        }
      }
    }
    log.warn(label + " values beyond " + capacity + " distinct ones (or longer than " + MAX_LENGTH
        + " chars) are recorded with an empty " + label, null);
    return OVERFLOW;
  }

  /**
   * Frees the slot of {@code value}, for an id that is gone (a stopped dispatcher, a deleted
   * memory); returns whether it was admitted. Series already recorded for it stay as they are.
   */
  public boolean release(String value) {
    if (value == null) {
      return false;
    }
    synchronized (admitted) {
      return admitted.remove(value);
    }
  }

  /** Whether {@code value} is admitted now. */
  public boolean isAdmitted(String value) {
    return value != null && admitted.contains(value);
  }
}
