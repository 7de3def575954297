package com.compozy.monitoring.system;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.GuardedRecorder;
import com.compozy.monitoring.internal.RegistryGauge;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.instrumentation.runtimemetrics.java17.RuntimeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * System metrics: {@code compozy_system_build_info} (value 1 with {@code version},
 * {@code commit_hash}, {@code java_version}), {@code compozy_system_uptime_seconds} (since
 * binding, as the original measures from its first init, on the service's clock: monotonic unless
 * the service was given another, so a wall-clock step does not make it jump), and the JVM's memory
 * per pool
 * (including {@code jvm_memory_used_after_last_gc_bytes}, the leak signal), GC, threads, classes
 * and CPU from OpenTelemetry's runtime-telemetry.
 *
 * <pre>{@code
 * SystemMetrics system = SystemMetrics.of(service);
 * system.buildInfo(); // what build info reports
 * }</pre>
 *
 * <p>Bound once per service and closed with it; {@link MonitoringConfig#systemEnabled()} switches
 * build info and uptime, {@link MonitoringConfig#jvmEnabled()} the JVM metrics. The JVM metrics use
 * JMX only: no JFR recording and no thread is started, so nothing outlives a redeployment.
 *
 * <p>Build info is served from the service's Prometheus registry directly: OpenTelemetry's
 * exporter would strip {@code _info} from the name.
 */
public final class SystemMetrics implements AutoCloseable {
  static final String BUILD_INFO = "compozy_system_build_info";
  static final String BUILD_INFO_HELP = "Build information (value=1)";

  private final GuardedRecorder guard = new GuardedRecorder(SystemMetrics.class);
  private final Supplier<BuildInfo> buildInfoSource;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile BuildInfo buildInfo;

  private SystemMetrics(MonitoringService service, Supplier<BuildInfo> buildInfo) {
    this.buildInfoSource = buildInfo;
    MonitoringConfig config = service.config();
    if (config.systemEnabled()) {
      registerSystem(service);
    }
    if (config.jvmEnabled()) {
      registerJvm(service);
    }
  }

  /**
   * The system metrics of {@code service}, with build info from its config and the calling
   * thread's context class loader (see {@link BuildInfo#resolve}).
   */
  public static SystemMetrics of(MonitoringService service) {
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    MonitoringConfig config = service.config();
    return of(service, () -> BuildInfo.resolve(config, application, null));
  }

  /**
   * As {@link #of(MonitoringService)} with build info from {@code buildInfo}, asked at the first
   * scrape: some runtimes start CDI before the web application's manifest can be read. The first
   * binding on a service wins.
   */
  public static SystemMetrics of(MonitoringService service, Supplier<BuildInfo> buildInfo) {
    return service.bind(SystemMetrics.class, bound -> new SystemMetrics(bound, buildInfo));
  }

  /** The build info this handle reports; {@link BuildInfo#UNKNOWN} values if its source fails. */
  public BuildInfo buildInfo() {
    BuildInfo resolved = buildInfo;
    if (resolved == null) {
      try {
        resolved = buildInfoSource.get();
      } catch (RuntimeException e) {
        guard.failed("resolving build info", e);
        resolved = BuildInfo.of(null, null);
      }
      buildInfo = resolved;
    }
    return resolved;
  }

  /** Unregisters everything; idempotent. Called by the service's shutdown. */
  @Override
  public void close() {
    if (!guard.close()) {
      return;
    }
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        guard.failed("closing system metrics", e);
      }
    }
    closeables.clear();
  }

  private void registerSystem(MonitoringService service) {
    InstantSource clock = service.clock();
    Instant start = clock.instant();
    guard.run("registering compozy_system_uptime_seconds", () -> closeables.add(
        service.meter().gaugeBuilder("compozy_system_uptime_seconds")
            .setUnit("s").setDescription("Service uptime in seconds")
            .buildWithCallback(m -> m.record(Duration.between(start, clock.instant()).toNanos() / 1e9))));
    guard.run("registering " + BUILD_INFO, () -> closeables.add(
        RegistryGauge.gauge(BUILD_INFO, BUILD_INFO_HELP, points -> {
          BuildInfo info = buildInfo();
          points.add(1, "version", info.version(), "commit_hash", info.commitHash(),
              "java_version", info.javaVersion());
        }).registerIn(service.prometheusRegistry().orElse(null))));
  }

  private void registerJvm(MonitoringService service) {
    try {
      // JMX only: the JFR features would start a recording stream and its thread
      closeables.add(RuntimeMetrics.builder(service.openTelemetry()).disableAllFeatures().build());
    } catch (RuntimeException | LinkageError e) {
      guard.failed("registering the JVM metrics", e);
    }
  }
}
