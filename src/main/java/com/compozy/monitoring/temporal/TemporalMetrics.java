package com.compozy.monitoring.temporal;

import com.compozy.monitoring.internal.RegistryGauge;
import com.compozy.monitoring.service.MonitoringService;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactoryOptions;
import io.grpc.ClientInterceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Temporal worker metrics recorded into a {@link MonitoringService}.
 *
 * <pre>{@code
 * TemporalMetrics temporalMetrics = TemporalMetrics.of(monitoring);
 * WorkflowClient client = WorkflowClient.newInstance(stubs,
 *     temporalMetrics.addTo(WorkflowClientOptions.newBuilder()).build());
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
 *   <li>Additions to the original, with {@code activity_type}, {@code workflow_type} and
 *       {@code local} ({@code true} for local activities):
 *       {@code compozy_temporal_activity_schedule_to_start_seconds} per attempt, from the attempt's
 *       scheduled time to its start on a worker; {@code compozy_temporal_activity_attempts}, the
 *       attempts an activity took, at its final outcome (success, cancellation, non-retryable
 *       failure, maximum attempts reached); {@code compozy_temporal_activity_retries_exhausted_total},
 *       activities whose last allowed attempt failed (maximum attempts or schedule-to-close).
 * </ul>
 * Plus {@code compozy_temporal_workers_running_total} and
 * {@code compozy_temporal_workers_configured_total}, with no labels, which the application sets
 * through {@link #workerStarted()}, {@link #workerStopped()} and {@link #setConfiguredWorkers}:
 * only the application knows what it calls a worker and when it is up.
 *
 * <p>Each workflow run is counted once as started and once as ended, however often it is replayed
 * (cache eviction, worker restart, queries on closed runs); once started across workers too when the
 * stubs carry {@link #addTo(WorkflowServiceStubsOptions.Builder)}. A run that the server ends on its
 * own (an execution timeout, a termination) is never seen by the worker and so is not counted as
 * ended, nor its duration observed: a client with {@link #addTo(WorkflowClientOptions.Builder)} that
 * waits for its result counts it in {@code compozy_temporal_workflow_ended_by_server_total} with
 * {@code workflow_type} and {@code result} = {@code terminated | timeout}. A workflow task failure (an exception that is not a
 * {@code TemporalFailure}) does not end the run and is not counted.
 *
 * <p><b>Bounded types.</b> A {@code DynamicWorkflow} or {@code DynamicActivity} lets callers choose
 * the type name, so at most {@value #MAX_WORKFLOW_TYPES} workflow types and
 * {@value #MAX_ACTIVITY_TYPES} activity types get their own label value; runs and attempts of other
 * types are recorded with an empty {@code workflow_type} / {@code activity_type}, which no real type
 * can be (Prometheus shows that series without the label). So are names longer than 256 chars.
 *
 * <p><b>Tracing.</b> When the service has a tracer provider, {@code addTo(WorkflowClientOptions.Builder)}
 * makes the client's starts, signals, queries and updates carry the caller's context to the
 * workflow, and {@code addTo(WorkerFactoryOptions)} makes the worker record {@code RunWorkflow}, {@code StartActivity}, {@code RunActivity} (one per attempt)
 * and a few more spans, each once however often the run is replayed, in one trace per request.
 * The provider should use {@link WorkflowSpanIds#idGenerator()} (the service's own provider does);
 * the workflow and activity durations carry the span's trace as exemplars. Without a tracer
 * provider nothing of this runs and no header is written.
 *
 * <p>The two worker gauges are served from the service's Prometheus registry directly, typed
 * {@code untyped}, to keep the original's {@code _total} names (see {@code RegistryGauge}).
 *
 * <p>Bound once per service and closed with it. A service that is not initialized gives a
 * pass-through: {@link #addTo} returns the options
 * unchanged and the other methods do nothing. Recording never throws into a workflow or activity.
 */
public final class TemporalMetrics implements AutoCloseable {
  /** Workflow types with their own {@code workflow_type} value; see the class comment. */
  public static final int MAX_WORKFLOW_TYPES = 200;

  /** Activity types with their own {@code activity_type} value; see the class comment. */
  public static final int MAX_ACTIVITY_TYPES = 200;

  static final String RUNNING = "compozy_temporal_workers_running_total";
  static final String CONFIGURED = "compozy_temporal_workers_configured_total";
  private static final WorkerInterceptor PASS_THROUGH = new WorkerInterceptorBase();
  private static final WorkflowClientInterceptor CLIENT_PASS_THROUGH = new WorkflowClientInterceptorBase();
  private static final Scope NO_SDK_METRICS = new NoopScope();
  private static final Logger LOG = Logger.getLogger(TemporalMetrics.class.getName());

  private final MonitoringService service;
  private final AtomicBoolean micrometerMissingLogged = new AtomicBoolean();

  private final TemporalInstruments instruments;
  private final WorkerInterceptor interceptor;
  private final WorkflowClientInterceptor clientInterceptor;
  private final RetriedWorkflowTasks retriedTasks;
  private final AtomicLong running = new AtomicLong();
  private final AtomicLong configured = new AtomicLong();
  private final List<AutoCloseable> gauges;

  private TemporalMetrics(MonitoringService service) {
    this.service = service;
    if (!service.isInitialized()) {
      instruments = null;
      interceptor = PASS_THROUGH;
      clientInterceptor = CLIENT_PASS_THROUGH;
      retriedTasks = null;
      gauges = List.of();
      return;
    }
    instruments = new TemporalInstruments(service.meter());
    TemporalTracing tracing = TemporalTracing.of(service);
    interceptor = new MetricsWorkerInterceptor(instruments, tracing);
    clientInterceptor = new ServerEndedRuns(instruments, tracing == null ? null : tracing.clientInterceptor());
    retriedTasks = new RetriedWorkflowTasks(instruments);
    gauges = List.of(
        RegistryGauge.untyped(RUNNING, "Currently running workers", points -> points.add(running.get()))
            .registerIn(service.prometheusRegistry().orElse(null)),
        RegistryGauge.untyped(CONFIGURED, "Configured workers per instance",
            points -> points.add(configured.get()))
            .registerIn(service.prometheusRegistry().orElse(null)));
  }

  /** The Temporal metrics of {@code service}; the same instance for the same service. */
  public static TemporalMetrics of(MonitoringService service) {
    return service.bind(TemporalMetrics.class, TemporalMetrics::new);
  }

  /**
   * The worker interceptor: metrics, and spans when the service traces; a pass-through when the
   * service is not initialized.
   */
  public WorkerInterceptor workerInterceptor() {
    return interceptor;
  }

  /**
   * The client interceptor (see {@link #addTo(WorkflowClientOptions.Builder)}); a pass-through when
   * the service is not initialized.
   */
  public WorkflowClientInterceptor clientInterceptor() {
    return clientInterceptor;
  }

  /**
   * {@code options} with the client interceptor after the options' own:
   *
   * <pre>{@code
   * WorkflowClient client = WorkflowClient.newInstance(stubs,
   *     temporalMetrics.addTo(WorkflowClientOptions.newBuilder()).build());
   * }</pre>
   *
   * Results the client waits for count the runs the server ended without a worker
   * ({@code compozy_temporal_workflow_ended_by_server_total}), and, when the service traces, starts,
   * signals, queries and updates carry the caller's current trace context to the workflow.
   * Unchanged if the service is not initialized or the interceptor is already there.
   */
  public WorkflowClientOptions.Builder addTo(WorkflowClientOptions.Builder options) {
    if (clientInterceptor == CLIENT_PASS_THROUGH) {
      return options;
    }
    WorkflowClientInterceptor[] existing = options.build().getInterceptors();
    if (existing == null) {
      existing = new WorkflowClientInterceptor[0];
    }
    if (Arrays.asList(existing).contains(clientInterceptor)) {
      return options;
    }
    // the client wraps the last interceptor around the others: last, ours sees the call first
    // and its span is the parent of whatever the others do
    WorkflowClientInterceptor[] all = Arrays.copyOf(existing, existing.length + 1);
    all[existing.length] = clientInterceptor;
    return options.setInterceptors(all);
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

  /**
   * {@code options} reporting the SDK's own client and worker metrics ({@code temporal_request_total},
   * schedule-to-start latencies, task slots, sticky cache, ...) at this service's endpoint, the way
   * the SDK reports them to Prometheus, so Temporal's dashboards work unchanged, and telling the
   * worker interceptor each workflow task's attempt, so that a run's start is counted once across
   * workers when its first workflow task is retried on another worker. Workers use the stubs of
   * their client, so this covers them too:
   *
   * <pre>{@code
   * WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
   *     temporalMetrics.addTo(WorkflowServiceStubsOptions.newBuilder().setTarget(target)).build());
   * }</pre>
   *
   * Unchanged if the service is not initialized; without Micrometer (logged once) only the SDK's
   * metrics are left out. Applying it twice adds nothing twice.
   */
  public WorkflowServiceStubsOptions.Builder addTo(WorkflowServiceStubsOptions.Builder options) {
    if (instruments == null) {
      return options;
    }
    Collection<ClientInterceptor> existing = options.build().getGrpcClientInterceptors();
    if (existing == null || !existing.contains(retriedTasks)) {
      List<ClientInterceptor> all = new ArrayList<>(existing == null ? List.of() : existing);
      all.add(retriedTasks);
      options.setGrpcClientInterceptors(all);
    }
    Scope scope = sdkMetricsScope();
    return scope == NO_SDK_METRICS ? options : options.setMetricsScope(scope);
  }

  /**
   * The Tally scope the SDK reports its own metrics to, for options other than the service stubs'
   * (a {@code TestEnvironmentOptions}, for one); a no-op scope when the service is not initialized
   * or Micrometer ({@code io.micrometer:micrometer-registry-prometheus} 1.13 or later) is missing.
   */
  public Scope sdkMetricsScope() {
    if (instruments == null) {
      return NO_SDK_METRICS;
    }
    try {
      return SdkMetrics.of(service).scope();
    } catch (LinkageError missing) {
      if (micrometerMissingLogged.compareAndSet(false, true)) {
        LOG.warning("The Temporal SDK's own metrics are not reported: they need Micrometer's Prometheus "
            + "registry (io.micrometer:micrometer-registry-prometheus 1.13 or later) in the application ("
            + missing + ")");
      }
      return NO_SDK_METRICS;
    }
  }

  /** Sets {@code compozy_temporal_workers_configured_total}, which reads 0 until set. */
  public void setConfiguredWorkers(long count) {
    configured.set(count);
  }

  /** Adds one to {@code compozy_temporal_workers_running_total}; call once a worker has started. */
  public void workerStarted() {
    running.incrementAndGet();
  }

  /** Subtracts one from {@code compozy_temporal_workers_running_total}; call once it stopped. */
  public void workerStopped() {
    running.decrementAndGet();
  }

  /** Stops serving the worker gauges; the interceptor keeps working. Called by the service's shutdown. */
  @Override
  public void close() {
    for (AutoCloseable gauge : gauges) {
      try {
        gauge.close();
      } catch (Exception e) {
        instruments.guard.failed("closing the Temporal worker gauges", e);
      }
    }
  }
}
