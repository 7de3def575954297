package com.compozy.monitoring.mpmetrics;

import java.util.Objects;

/**
 * Who provides MicroProfile Metrics to an application, decided by who defines the API class the
 * application sees. Needs no MicroProfile Metrics class itself, so the CDI wiring can ask before
 * anything else of this package is loaded.
 *
 * <pre>{@code
 * MicroProfileMetricsPresence presence = MicroProfileMetricsPresence.of(MyExtension.class.getClassLoader());
 * if (presence.state() == MicroProfileMetricsPresence.State.APPLICATION) { ... register the library's beans ... }
 * }</pre>
 *
 * <p>The application's annotations are handled by whoever owns their classes. When the runtime
 * implements MicroProfile Metrics (Open Liberty's {@code mpMetrics-5.x}, Payara's built-in
 * MicroProfile Metrics) the application's class loader delegates the API to the runtime, so
 * {@code @Counted} is the runtime's class and the runtime's interceptors count: the library stays
 * out ({@link State#RUNTIME}). When the API comes from the application's own {@code WEB-INF/lib},
 * no runtime interceptor is bound to those classes, whatever the runtime has: the library counts
 * ({@link State#APPLICATION}). Without the API nothing can carry the annotations
 * ({@link State#ABSENT}).
 */
public final class MicroProfileMetricsPresence {
  /** The class whose defining loader decides. */
  public static final String API_CLASS = "org.eclipse.microprofile.metrics.MetricRegistry";

  public enum State {
    /** No MicroProfile Metrics API visible: nothing to do. */
    ABSENT,
    /** The application ships the API: the library implements it. */
    APPLICATION,
    /** The runtime provides the API, hence its implementation: the library stays out. */
    RUNTIME
  }

  private final State state;
  private final String source;

  private MicroProfileMetricsPresence(State state, String source) {
    this.state = state;
    this.source = source;
  }

  /**
   * Looks at the API class as {@code application} (the loader of the application's libraries, the
   * one this library's JAR is in) resolves it.
   */
  public static MicroProfileMetricsPresence of(ClassLoader application) {
    Objects.requireNonNull(application, "application");
    Class<?> api;
    try {
      api = Class.forName(API_CLASS, false, application);
    } catch (ClassNotFoundException | LinkageError e) {
      return new MicroProfileMetricsPresence(State.ABSENT, "");
    }
    ClassLoader defining = api.getClassLoader();
    if (defining == application) {
      return new MicroProfileMetricsPresence(State.APPLICATION, String.valueOf(defining));
    }
    return new MicroProfileMetricsPresence(State.RUNTIME, String.valueOf(defining));
  }

  public State state() {
    return state;
  }

  /** The loader that defines the API, for the log; empty when absent. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return state == State.ABSENT ? "MicroProfile Metrics API absent"
        : "MicroProfile Metrics API from " + source + " (" + state + ")";
  }
}
