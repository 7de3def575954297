package com.compozy.monitoring.temporal;

import com.compozy.monitoring.internal.ChosenSpanIds;
import com.compozy.monitoring.internal.GuardedRecorder;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Temporal spans on the service's tracer, named as Temporal's own tracing module names them:
 * {@code StartWorkflow:<type>}, {@code SignalWorkflow:<signal>}, {@code QueryWorkflow:<query>},
 * {@code UpdateWorkflow:<update>} from the client; {@code RunWorkflow:<type>},
 * {@code StartActivity:<type>}, {@code StartChildWorkflow:<type>},
 * {@code SignalExternalWorkflow:<signal>}, {@code HandleSignal:<signal>} from the workflow;
 * {@code RunActivity:<type>} per attempt on the activity worker. Local activities use the same
 * two activity names with {@code local=true}: to a trace reader they are activities, and queries
 * by name find both.
 *
 * <p><b>Replay.</b> A worker runs a workflow's code again whenever it rebuilds the run from
 * history (cache eviction, cache off, another worker after a restart, a query on a closed run), so
 * a span made naively per execution would be made again each time (temporalio/sdk-java#952). Here
 * every span is recorded only where its event happens live, never in replay:
 * <ul>
 *   <li>{@code RunWorkflow} is recorded once, when the run ends live (completes, fails, is
 *       canceled or continues as new), from the run's start to its end in workflow time, as a
 *       child of the context the client put in the start header. Its span id is derived from the
 *       run id ({@link WorkflowSpanIds}), so that every worker that schedules an activity for the
 *       run, before or after a restart, names the same parent without keeping anything in memory
 *       or writing anything to history. A run the server ends without a worker (termination, a
 *       run timeout) has no {@code RunWorkflow} span, like it has no end in the metrics.
 *   <li>{@code StartActivity} and the other outbound spans are recorded when the workflow code
 *       issues the command live, and are as short as that call (the command is sent with the
 *       workflow task). Their context goes in the command's header, which is all the history
 *       keeps of them.
 *   <li>{@code RunActivity} is one span per attempt: activities never replay.
 * </ul>
 * The workflow method runs with the run's context current, so the metrics recorded inside it
 * carry the run's trace as exemplars, and so do an activity attempt's.
 */
final class TemporalTracing {
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflowId");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("runId");
  static final AttributeKey<String> ACTIVITY_ID = AttributeKey.stringKey("activityId");
  static final AttributeKey<Boolean> LOCAL = AttributeKey.booleanKey("local");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");

  private static final Logger LOG = Logger.getLogger(TemporalTracing.class.getName());
  private static final String PROBE_SPAN_ID = "7e3f00000000c0de";

  final Tracer tracer;
  final TracingHeaders headers;
  final RecentRuns endedRuns = new RecentRuns();
  /** Outbound and signal spans recorded lately: a live workflow task that is run again records none twice. */
  final RecentRuns recordedSpans = new RecentRuns();
  final GuardedRecorder guard = new GuardedRecorder(TemporalMetrics.class);
  /** Whether the tracer provider takes the run span's id from {@link WorkflowSpanIds}. */
  private final boolean choosesRunIds;
  private final WorkflowClientInterceptor clientInterceptor;

  private TemporalTracing(Tracer tracer, OpenTelemetry openTelemetry) {
    this.tracer = tracer;
    this.headers = new TracingHeaders(openTelemetry.getPropagators().getTextMapPropagator());
    this.choosesRunIds = choosesIds(tracer);
    if (!choosesRunIds) {
      LOG.warning("The tracer provider does not use WorkflowSpanIds.idGenerator(): Temporal StartActivity spans "
          + "are children of the client's span instead of RunWorkflow (set it on the SdkTracerProviderBuilder)");
    }
    this.clientInterceptor = new TracingClientInterceptor(this);
  }

  /** Tracing for {@code service}, or null when it has no tracer provider: then Temporal calls pay nothing. */
  static TemporalTracing of(MonitoringService service) {
    OpenTelemetry openTelemetry = service.openTelemetry();
    if (!service.isInitialized() || openTelemetry.getTracerProvider() == TracerProvider.noop()) {
      return null;
    }
    return new TemporalTracing(service.tracer(), openTelemetry);
  }

  WorkflowClientInterceptor clientInterceptor() {
    return clientInterceptor;
  }

  WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new TracingWorkflowInterceptor(next, this);
  }

  ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new TracingActivityInterceptor(next, this);
  }

  /**
   * The context that a run's outbound spans are children of: the run's span, by the id its run id
   * determines, under {@code started} (the start header's context). {@code started} itself when
   * the provider cannot record the run span with that id.
   */
  Context runContext(Context started, String runId) {
    if (!choosesRunIds) {
      return started;
    }
    SpanContext parent = Span.fromContext(started).getSpanContext();
    SpanContext run = parent.isValid()
        ? SpanContext.createFromRemoteParent(parent.getTraceId(), runSpanId(runId), parent.getTraceFlags(),
            parent.getTraceState())
        : SpanContext.createFromRemoteParent(runTraceId(runId), runSpanId(runId), TraceFlags.getSampled(),
            TraceState.getDefault());
    return started.with(Span.wrap(run));
  }

  /** Records the run's span, ended at {@code endedAtMillis} (workflow time); {@code failure} may be null. */
  void recordRun(String workflowType, String workflowId, String runId, long startedAtMillis, Context started,
      Throwable failure, long endedAtMillis) {
    SpanBuilder builder = tracer.spanBuilder("RunWorkflow:" + workflowType)
        .setParent(started)
        .setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(startedAtMillis, TimeUnit.MILLISECONDS)
        .setAttribute(WORKFLOW_ID, workflowId)
        .setAttribute(RUN_ID, runId);
    Span span;
    if (choosesRunIds) {
      boolean hasParent = Span.fromContext(started).getSpanContext().isValid();
      span = ChosenSpanIds.start(builder, hasParent ? null : runTraceId(runId), runSpanId(runId));
    } else {
      span = builder.startSpan();
    }
    failed(span, failure);
    span.end(Math.max(startedAtMillis, endedAtMillis), TimeUnit.MILLISECONDS);
  }

  /**
   * The id of the span for the run's event {@code event} (its n-th command, a signal's event id):
   * the same on every execution of the run's code, so a workflow task that runs live twice (its
   * first completion was rejected, say) names the same span and records it once. Null when the
   * provider takes no chosen ids.
   */
  String eventSpanId(String runId, String event) {
    if (!choosesRunIds) {
      return null;
    }
    byte[] hash = sha256(event + " " + runId);
    hash[7] |= 1;
    return HexFormat.of().formatHex(hash, 0, 8);
  }

  /** Starts {@code builder}'s span with {@code spanId}, or with the provider's id when null. */
  static Span start(SpanBuilder builder, String spanId) {
    return spanId == null ? builder.startSpan() : ChosenSpanIds.start(builder, null, spanId);
  }

  static void failed(Span span, Throwable failure) {
    if (failure != null) {
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
      span.recordException(failure);
    }
  }

  static String runSpanId(String runId) {
    byte[] hash = sha256("RunWorkflow " + runId);
    hash[7] |= 1; // never the invalid all-zero id
    return HexFormat.of().formatHex(hash, 0, 8);
  }

  static String runTraceId(String runId) {
    byte[] hash = sha256("trace " + runId);
    hash[15] |= 1;
    return HexFormat.of().formatHex(hash, 0, 16);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Whether a span started through {@link ChosenSpanIds#start} gets the chosen id. The probe is a
   * child of an unsampled parent, so a parent-based sampler (the default) makes it a non-recording
   * span that no processor sees; it is never ended, so no exporter sees it either.
   */
  private static boolean choosesIds(Tracer tracer) {
    SpanContext unsampled = SpanContext.createFromRemoteParent("7e3f0000000000000000000000c0de01", "7e3f00000000c0d1",
        TraceFlags.getDefault(), TraceState.getDefault());
    Span probe = ChosenSpanIds.start(
        tracer.spanBuilder("compozy-span-id-probe").setParent(Context.root().with(Span.wrap(unsampled))), null,
        PROBE_SPAN_ID);
    return PROBE_SPAN_ID.equals(probe.getSpanContext().getSpanId());
  }
}
