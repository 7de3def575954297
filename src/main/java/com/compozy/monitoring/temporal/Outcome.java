package com.compozy.monitoring.temporal;

import io.temporal.api.failure.v1.Failure;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.internal.worker.WorkflowExecutionException;
import java.util.Optional;

/** How a workflow run or an activity attempt ended, as the value of the {@code result} label. */
enum Outcome {
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELED("canceled"),
  TIMEOUT("timeout"),
  /** A workflow run that handed over to a new run; neither completed nor failed. */
  CONTINUED_AS_NEW("continued_as_new");

  final String label;

  Outcome(String label) {
    this.label = label;
  }

  /**
   * The outcome of a workflow whose method threw {@code thrown}, or empty when the workflow did not
   * end. The SDK fails a workflow only for a {@link TemporalFailure} (or a type the user listed in
   * {@code failWorkflowExceptionTypes}); it hands those on wrapped in a
   * {@link WorkflowExecutionException}. Anything else fails only the workflow task, which Temporal
   * retries, and an {@link Error} is the SDK unwinding the workflow thread (cache eviction,
   * continue-as-new).
   */
  static Optional<Outcome> ofWorkflowFailure(Throwable thrown) {
    if (thrown instanceof WorkflowExecutionException) {
      return Optional.of(ofFailure(((WorkflowExecutionException) thrown).getFailure()));
    }
    if (thrown instanceof TemporalFailure) {
      return Optional.of(ofException(thrown));
    }
    return Optional.empty();
  }

  /** The outcome of an activity attempt that threw {@code thrown}: every throw fails the attempt. */
  static Outcome ofActivityFailure(Throwable thrown) {
    return ofException(thrown);
  }

  // Like the original's errors.As checks, a canceled or timed-out cause anywhere in the chain wins,
  // so an activity timeout the workflow passes on counts as a workflow timeout.
  static Outcome ofException(Throwable thrown) {
    if (isCanceled(thrown)) {
      return CANCELED;
    }
    return isTimeout(thrown) ? TIMEOUT : FAILED;
  }

  static boolean isCanceled(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CanceledFailure || t instanceof ActivityCanceledException) {
        return true;
      }
    }
    return false;
  }

  static boolean isTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutFailure) {
        return true;
      }
    }
    return false;
  }

  static Outcome ofFailure(Failure failure) {
    boolean timeout = false;
    for (Failure f = failure; f != null; f = f.hasCause() ? f.getCause() : null) {
      if (f.hasCanceledFailureInfo()) {
        return CANCELED;
      }
      timeout |= f.hasTimeoutFailureInfo();
    }
    return timeout ? TIMEOUT : FAILED;
  }
}
