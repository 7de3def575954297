package com.compozy.monitoring.testing;

import java.util.List;

/**
 * One histogram series as recorded: how many observations, their sum, and how they fall into the
 * buckets.
 *
 * @param count the number of observations
 * @param sum their sum
 * @param boundaries the buckets' upper bounds, in order
 * @param bucketCounts the observations per bucket, one more than there are boundaries (the last
 *     bucket has no upper bound); not cumulative, as OpenTelemetry reports them
 */
public record RecordedHistogram(long count, double sum, List<Double> boundaries, List<Long> bucketCounts) {
  public RecordedHistogram {
    boundaries = List.copyOf(boundaries);
    bucketCounts = List.copyOf(bucketCounts);
  }

  /**
   * The observations at most {@code upperBound}: what Prometheus serves as
   * {@code _bucket{le="upperBound"}}. {@code Double.POSITIVE_INFINITY} gives {@link #count()}.
   *
   * @throws AssertionError if {@code upperBound} is not one of the {@link #boundaries()}
   */
  public long countAtMost(double upperBound) {
    if (upperBound == Double.POSITIVE_INFINITY) {
      return count;
    }
    int index = boundaries.indexOf(upperBound);
    if (index < 0) {
      throw new AssertionError("No bucket with upper bound " + upperBound + "; the boundaries are " + boundaries);
    }
    long cumulative = 0;
    for (int i = 0; i <= index; i++) {
      cumulative += bucketCounts.get(i);
    }
    return cumulative;
  }
}
