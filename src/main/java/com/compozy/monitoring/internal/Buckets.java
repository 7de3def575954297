package com.compozy.monitoring.internal;

import java.util.List;

/** Internal, not API. Histogram bucket boundaries shared by the library's instruments. */
public final class Buckets {
  /**
   * Seconds, from 5 ms to 10 s: the original's boundaries for workflow, activity, takeover and
   * memory operation durations. OpenTelemetry's default (0 to 10,000) suits milliseconds, not these.
   */
  public static final List<Double> SECONDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private Buckets() {}
}
