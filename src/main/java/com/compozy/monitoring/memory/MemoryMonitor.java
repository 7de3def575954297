package com.compozy.monitoring.memory;

import com.compozy.monitoring.internal.BoundedLabels;
import com.compozy.monitoring.internal.Buckets;
import com.compozy.monitoring.internal.GuardedRecorder;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Memory-manager metrics: operation durations with per-memory health, and the counters and gauges
 * of the memory subsystem.
 *
 * <pre>{@code
 * MemoryMonitor memory = MemoryMonitor.of(monitoringService);
 * Memory instance = memory.time(ref.id(), projectId, "get_instance", () -> manager.getInstance(ref));
 * memory.messages(ref.id(), projectId, 2);
 * }</pre>
 *
 * <p>In CDI code annotate the method with {@link MonitoredMemoryOperation} instead of calling
 * {@link #time}. Every method is thread-safe; recording never throws into the caller (failures are
 * logged, throttled), and {@link #time} passes the work's result and exception through unchanged.
 *
 * <p><b>Health.</b> After each operation the memory is healthy (1) on success and unhealthy (0) on
 * error. Consecutive errors are a separate gauge rather than the original's
 * {@code consecutive_failures} label: a label whose value changes starts a new series each time,
 * which breaks the health series' history and multiplies series. Unlike the original, which set it
 * to 1 on every error, it counts errors in a row, so it is 0 when healthy.
 *
 * <p><b>Bounded labels.</b> At most {@value #MAX_MEMORY_IDS} memory ids, {@value #MAX_PROJECT_IDS}
 * project ids, {@value #MAX_OPERATIONS} operations and {@value #MAX_KINDS} values of each of
 * strategy and flush type get their own label value at a time; later ones are recorded with an
 * empty value, which no real id can be (a null or blank id is {@code unknown}, as in the
 * original). {@link #forget} frees a memory id's slot for a new one; the counters already recorded
 * for it stay. The original's optional {@code token_count} label is not kept: an unbounded number as
 * a label.
 */
public final class MemoryMonitor implements AutoCloseable {
  public static final int MAX_MEMORY_IDS = 500;
  public static final int MAX_PROJECT_IDS = 100;
  public static final int MAX_OPERATIONS = 50;
  public static final int MAX_KINDS = 20;
  static final String UNKNOWN = "unknown";

  private static final AttributeKey<String> MEMORY_ID = AttributeKey.stringKey("memory_id");
  private static final AttributeKey<String> PROJECT_ID = AttributeKey.stringKey("project_id");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  private static final AttributeKey<String> STRATEGY = AttributeKey.stringKey("strategy");
  private static final AttributeKey<String> FLUSH_TYPE = AttributeKey.stringKey("flush_type");
  private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("max_tokens");
  private final LongSupplier nanoTime;
  private final BoundedLabels memoryIds = new BoundedLabels("memory_id", MAX_MEMORY_IDS);
  private final BoundedLabels projectIds = new BoundedLabels("project_id", MAX_PROJECT_IDS);
  private final BoundedLabels operations = new BoundedLabels("operation", MAX_OPERATIONS);
  private final BoundedLabels strategies = new BoundedLabels("strategy", MAX_KINDS);
  private final BoundedLabels flushTypes = new BoundedLabels("flush_type", MAX_KINDS);
  private final Map<String, AtomicLong> health = new ConcurrentHashMap<>();
  private final Map<String, long[]> tokensUsed = new ConcurrentHashMap<>();
  private final GuardedRecorder guard = new GuardedRecorder(MemoryMonitor.class);

  private final DoubleHistogram operationDuration;
  private final LongCounter messages;
  private final LongCounter tokens;
  private final LongCounter trims;
  private final LongCounter tokensSaved;
  private final LongCounter flushes;
  private final LongCounter lockAcquires;
  private final LongCounter lockContentions;
  private final LongCounter redactions;
  private final LongCounter circuitBreakerTrips;
  private final BatchCallback gauges;

  MemoryMonitor(Meter meter, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    operationDuration = meter.histogramBuilder("compozy_memory_operation_duration_seconds")
        .setDescription("Duration of memory manager operations in seconds")
        .setExplicitBucketBoundariesAdvice(Buckets.SECONDS).build();
    messages = counter(meter, "compozy_memory_messages_total", "Total messages appended to memories");
    tokens = counter(meter, "compozy_memory_tokens_total", "Total tokens appended to memories");
    trims = counter(meter, "compozy_memory_trim_total", "Total memory trim operations");
    tokensSaved = counter(meter, "compozy_memory_tokens_saved_total", "Total tokens removed by memory trimming");
    flushes = counter(meter, "compozy_memory_flush_total", "Total memory flush operations");
    lockAcquires = counter(meter, "compozy_memory_lock_acquire_total", "Total memory locks acquired");
    lockContentions = counter(meter, "compozy_memory_lock_contention_total",
        "Total memory lock acquisitions that had to wait or failed because the lock was held");
    redactions = counter(meter, "compozy_memory_redaction_operations_total",
        "Total privacy redaction operations on memory content");
    circuitBreakerTrips = counter(meter, "compozy_memory_circuit_breaker_trips_total",
        "Total memory circuit breaker trips");
    ObservableLongMeasurement healthStatus = meter.gaugeBuilder("compozy_memory_health_status").ofLongs()
        .setDescription("Memory health status after its last operation (1=healthy, 0=unhealthy)")
        .buildObserver();
    ObservableLongMeasurement failures = meter.gaugeBuilder("compozy_memory_consecutive_failures").ofLongs()
        .setDescription("Memory operations failed in a row (0 after a success)").buildObserver();
    ObservableLongMeasurement used = meter.gaugeBuilder("compozy_memory_tokens_used").ofLongs()
        .setDescription("Tokens currently held by a memory, labelled with its token limit").buildObserver();
    gauges = meter.batchCallback(() -> {
      health.forEach((id, h) -> {
        Attributes labels = Attributes.of(MEMORY_ID, id);
        long failed = h.get();
        healthStatus.record(failed == 0 ? 1 : 0, labels);
        failures.record(failed, labels);
      });
      tokensUsed.forEach((id, usedAndMax) ->
          used.record(usedAndMax[0], Attributes.of(MEMORY_ID, id, MAX_TOKENS, usedAndMax[1])));
    }, healthStatus, failures, used);
  }

  /** The memory metrics of {@code service}; the same instance for the same service. */
  public static MemoryMonitor of(MonitoringService service) {
    return service.bind(MemoryMonitor.class, bound -> new MemoryMonitor(bound.meter(), System::nanoTime));
  }

  /**
   * Runs {@code work}, records its duration with {@code status} success or error, and updates the
   * memory's health. Returns its result and rethrows its exception unchanged.
   */
  public <T> T time(String memoryId, String projectId, String operation, Callable<T> work) throws Exception {
    long start = nanoTime.getAsLong();
    boolean success = false;
    try {
      T result = work.call();
      success = true;
      return result;
    } finally {
      recordOperation(memoryId, projectId, operation, Duration.ofNanos(nanoTime.getAsLong() - start), success);
    }
  }

  /** Records an operation timed elsewhere (asynchronous code) and updates the memory's health. */
  public void recordOperation(String memoryId, String projectId, String operation, Duration duration,
      boolean success) {
    guard.run("recording a memory operation", () -> {
      String memory = memoryIds.label(orUnknown(memoryId));
      operationDuration.record(duration.toNanos() / 1e9, Attributes.of(
          MEMORY_ID, memory, PROJECT_ID, projectIds.label(orUnknown(projectId)),
          OPERATION, operations.label(orUnknown(operation)), STATUS, success ? "success" : "error"));
      AtomicLong failures = health.computeIfAbsent(memory, k -> new AtomicLong());
      if (success) {
        failures.set(0);
      } else {
        failures.incrementAndGet();
      }
    });
  }

  /** Messages appended to a memory. */
  public void messages(String memoryId, String projectId, long count) {
    add(messages, count, memoryId, projectId);
  }

  /** Tokens appended to a memory. */
  public void tokens(String memoryId, String projectId, long count) {
    add(tokens, count, memoryId, projectId);
  }

  /** One trim of a memory with {@code strategy}, which removed {@code tokensRemoved} tokens. */
  public void trim(String memoryId, String projectId, String strategy, long tokensRemoved) {
    guard.run("recording a memory trim", () -> {
      Attributes labels = ids(memoryId, projectId).toBuilder()
          .put(STRATEGY, strategies.label(orUnknown(strategy))).build();
      trims.add(1, labels);
      if (tokensRemoved > 0) {
        tokensSaved.add(tokensRemoved, labels);
      }
    });
  }

  /** One flush of a memory, of {@code flushType}. */
  public void flush(String memoryId, String projectId, String flushType) {
    guard.run("recording a memory flush", () -> flushes.add(1, ids(memoryId, projectId).toBuilder()
        .put(FLUSH_TYPE, flushTypes.label(orUnknown(flushType))).build()));
  }

  /** A memory lock was acquired. */
  public void lockAcquired(String memoryId, String projectId) {
    add(lockAcquires, 1, memoryId, projectId);
  }

  /** A memory lock was contended. */
  public void lockContention(String memoryId, String projectId) {
    add(lockContentions, 1, memoryId, projectId);
  }

  /** A privacy redaction ran on memory content. */
  public void redaction(String memoryId, String projectId) {
    add(redactions, 1, memoryId, projectId);
  }

  /** A memory's circuit breaker tripped. */
  public void circuitBreakerTrip(String memoryId, String projectId) {
    add(circuitBreakerTrips, 1, memoryId, projectId);
  }

  /** The tokens a memory holds now and its limit; reported until {@link #forget}. */
  public void tokensUsed(String memoryId, long used, long maxTokens) {
    guard.run("recording memory tokens used",
        () -> tokensUsed.put(memoryIds.label(orUnknown(memoryId)), new long[] {used, maxTokens}));
  }

  /**
   * Stops reporting a memory's health and tokens used, for a memory that was deleted, and frees its
   * id's slot for a new memory. Forgetting an id that was recorded with the overflow value changes
   * nothing.
   */
  public void forget(String memoryId) {
    guard.run("forgetting a memory", () -> {
      String id = orUnknown(memoryId);
      if (memoryIds.release(id)) {
        health.remove(id);
        tokensUsed.remove(id);
      }
    });
  }

  /** Stops the gauges; later calls record nothing. Idempotent. */
  @Override
  public void close() {
    if (guard.close()) {
      try {
        gauges.close();
      } catch (RuntimeException e) {
        guard.failed("closing memory metrics", e);
      }
    }
  }

  private void add(LongCounter counter, long value, String memoryId, String projectId) {
    if (value > 0) {
      guard.run("recording a memory counter", () -> counter.add(value, ids(memoryId, projectId)));
    }
  }

  private Attributes ids(String memoryId, String projectId) {
    return Attributes.of(MEMORY_ID, memoryIds.label(orUnknown(memoryId)),
        PROJECT_ID, projectIds.label(orUnknown(projectId)));
  }

  private static LongCounter counter(Meter meter, String name, String description) {
    return meter.counterBuilder(name).setDescription(description).build();
  }

  static String orUnknown(String value) {
    return value == null || value.isBlank() ? UNKNOWN : value;
  }
}
