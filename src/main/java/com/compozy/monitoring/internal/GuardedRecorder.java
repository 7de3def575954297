package com.compozy.monitoring.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Internal, not API. Runs recording code so that it never throws into the application: a failure
 * is logged (throttled, see {@link ThrottledLog}) and the caller carries on. After {@link #close()}
 * nothing runs, so a component closed with its service stops recording.
 *
 * <pre>{@code
 * private final GuardedRecorder guard = new GuardedRecorder(DispatcherMetrics.class);
 * public void heartbeat(String id) {
 *   guard.run("dispatcher heartbeat", () -> heartbeats.add(1, attributes(id)));
 * }
 * }</pre>
 */
public final class GuardedRecorder {
  private final ThrottledLog log;
  private final AtomicBoolean closed = new AtomicBoolean();

  public GuardedRecorder(Class<?> owner) {
    this.log = new ThrottledLog(owner);
  }

  /** Runs {@code action} unless closed; a {@code RuntimeException} from it is logged, not thrown. */
  public void run(String what, Runnable action) {
    if (closed.get()) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn(what + " failed", e);
    }
  }

  /** The value of {@code action}, or {@code fallback} when closed or when {@code action} fails. */
  public <T> T get(String what, Supplier<T> action, T fallback) {
    if (closed.get()) {
      return fallback;
    }
    try {
      return action.get();
    } catch (RuntimeException e) {
      log.warn(what + " failed", e);
      return fallback;
    }
  }

  /** Logs a failure that was caught elsewhere, throttled like the others. */
  public void failed(String what, Throwable error) {
    log.warn(what + " failed", error);
  }

  /** Stops running actions; true the first time only, so a close body runs once. */
  public boolean close() {
    return closed.compareAndSet(false, true);
  }

  public boolean isClosed() {
    return closed.get();
  }
}
