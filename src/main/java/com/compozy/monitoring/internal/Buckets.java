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

  /**
   * Seconds for whole workflow runs: the original's boundaries, then on to a week, so a run that
   * waits on a day's timer lands in a bucket and not in {@code +Inf}.
   */
  public static final List<Double> WORKFLOW_SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
      1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0, 43200.0, 86400.0,
      172800.0, 604800.0);

  /** Attempts an activity needed: one by one up to five, then coarser. */
  public static final List<Double> ATTEMPTS = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 50.0, 100.0);

  private Buckets() {}
}
