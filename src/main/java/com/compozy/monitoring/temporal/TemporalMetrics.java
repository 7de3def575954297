package com.compozy.monitoring.temporal;

import com.compozy.monitoring.service.MonitoringService;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Temporal worker metrics recorded into a {@link MonitoringService}.
 *
 * <pre>{@code
 * TemporalMetrics temporalMetrics = TemporalMetrics.of(monitoring);
 * WorkerFactory factory = WorkerFactory.newInstance(client,
 *     temporalMetrics.addTo(WorkerFactoryOptions.newBuilder().build()));
 * factory.newWorker("orders");
 * temporalMetrics.setConfiguredWorkers(1);
 * factory.start();
 * temporalMetrics.workerStarted();
 * ...
 * factory.shutdown();
 * temporalMetrics.workerStopped();
 * }</pre>
 *
 * <p>Exposed series (Prometheus names), all with {@code task_queue}:
 * <ul>
 *   <li>{@code compozy_temporal_workflow_started_total}, {@code ..._completed_total},
 *       {@code ..._continued_as_new_total} with {@code workflow_type};
 *       {@code compozy_temporal_workflow_failed_total} also with
 *       {@code result} = {@code failed | canceled | timeout};
 *       {@code compozy_temporal_workflow_duration_seconds} with {@code result} =
 *       {@code completed | failed | canceled | timeout | continued_as_new}, in workflow time.
 *   <li>{@code compozy_temporal_activity_started_total}, {@code ..._completed_total},
 *       {@code ..._failed_total}, {@code ..._duration_seconds}, likewise per attempt, with
 *       {@code activity_type} and {@code workflow_type}.
 * </ul>
 * Plus {@code compozy_temporal_workers_running_total} and
 * {@code compozy_temporal_workers_configured_total}, with no labels, which the application sets
 * through {@link #workerStarted()}, {@link #workerStopped()} and {@link #setConfiguredWorkers}:
 * only the application knows what it calls a worker and when it is up.
 *
 * <p>Each workflow run is counted once as started and once as ended, however often it is replayed
 * (cache eviction, worker restart, queries on closed runs). A run that the server ends on its own
 * (an execution timeout, a termination) is never seen by the worker and so is not counted as ended;
 * its duration is not observed either. A workflow task failure (an exception that is not a
 * {@code TemporalFailure}) does not end the run and is not counted.
 *
 * <p>A service that is not initialized gives a pass-through: {@link #addTo} returns the options
 * unchanged and the other methods do nothing. Recording never throws into a workflow or activity.
 */
public final class TemporalMetrics {
  // One instance per service, so that its gauge callback is registered once.
  private static final Map<MonitoringService, TemporalMetrics> BY_SERVICE = new WeakHashMap<>();
  private static final WorkerInterceptor PASS_THROUGH = new WorkerInterceptorBase();

  private final TemporalInstruments instruments;
  private final WorkerGauges workers;
  private final WorkerInterceptor interceptor;

  private TemporalMetrics(TemporalInstruments instruments, WorkerGauges workers) {
    this.instruments = instruments;
    this.workers = workers;
    this.interceptor = instruments == null ? PASS_THROUGH : new MetricsWorkerInterceptor(instruments);
  }

  /** The Temporal metrics of {@code service}; the same instance for the same service. */
  public static TemporalMetrics of(MonitoringService service) {
    synchronized (BY_SERVICE) {
      return BY_SERVICE.computeIfAbsent(service, TemporalMetrics::create);
    }
  }

  private static TemporalMetrics create(MonitoringService service) {
    if (!service.isInitialized()) {
      return new TemporalMetrics(null, null);
    }
    WorkerGauges workers = new WorkerGauges();
    service.prometheusRegistry().ifPresent(registry -> registry.register(workers));
    return new TemporalMetrics(new TemporalInstruments(service.meter()), workers);
  }

  /** The worker interceptor; a pass-through when the service is not initialized. */
  public WorkerInterceptor workerInterceptor() {
    return interceptor;
  }

  /**
   * {@code options} with this interceptor first in line to see what the SDK sees, keeping the
   * options' own interceptors. Unchanged if the service is not initialized or the interceptor is
   * already there, so applying it twice does not count twice.
   */
  public WorkerFactoryOptions addTo(WorkerFactoryOptions options) {
    WorkerInterceptor[] existing = options.getWorkerInterceptors();
    if (existing == null) {
      existing = new WorkerInterceptor[0];
    }
    if (instruments == null || Arrays.asList(existing).contains(interceptor)) {
      return options;
    }
    // the SDK wraps the last interceptor around the others: put ours first, next to the workflow
    WorkerInterceptor[] all = new WorkerInterceptor[existing.length + 1];
    all[0] = interceptor;
    System.arraycopy(existing, 0, all, 1, existing.length);
    return WorkerFactoryOptions.newBuilder(options).setWorkerInterceptors(all).build();
  }

  /** Sets {@code compozy_temporal_workers_configured_total}, which reads 0 until set. */
  public void setConfiguredWorkers(long count) {
    if (workers != null) {
      workers.setConfigured(count);
    }
  }

  /** Adds one to {@code compozy_temporal_workers_running_total}; call once a worker has started. */
  public void workerStarted() {
    if (workers != null) {
      workers.addRunning(1);
    }
  }

  /** Subtracts one from {@code compozy_temporal_workers_running_total}; call once it stopped. */
  public void workerStopped() {
    if (workers != null) {
      workers.addRunning(-1);
    }
  }
}
