package com.compozy.monitoring.system;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.instrumentation.runtimemetrics.java17.RuntimeMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * System metrics: {@code compozy_system_build_info} (value 1 with {@code version},
 * {@code commit_hash}, {@code java_version}), {@code compozy_system_uptime_seconds} (since
 * registration, as the original measures from its first init), and the JVM's memory per pool
 * (including {@code jvm_memory_used_after_last_gc_bytes}, the leak signal), GC, threads, classes
 * and CPU from OpenTelemetry's runtime-telemetry.
 *
 * <pre>{@code
 * SystemMetrics system = SystemMetrics.register(service,
 *     BuildInfo.resolve(service.config(), Thread.currentThread().getContextClassLoader(), null));
 * ...
 * system.close(); // when the application stops: stops the JVM metrics' GC listeners
 * }</pre>
 *
 * <p>Registering again on the same meter returns the handle already registered, so the metrics
 * exist once however many times they are asked for. The JVM metrics use JMX only: no JFR recording
 * and no thread is started, so nothing outlives a redeployment once {@link #close()} ran.
 *
 * <p>Switches (config keys, default true): {@value #SYSTEM_ENABLED_KEY} for build info and uptime,
 * {@value #JVM_ENABLED_KEY} for the JVM metrics.
 *
 * <p><b>Exposed name.</b> OpenTelemetry's Prometheus exporter strips {@code _info} from gauge names,
 * so with a {@link MonitoringService} that has a Prometheus registry build info is served from that
 * registry directly as {@code compozy_system_build_info}. On a bare {@link Meter} it is an
 * OpenTelemetry gauge of that name, which that exporter exposes as {@code compozy_system_build}.
 */
public final class SystemMetrics implements AutoCloseable {
  public static final String SYSTEM_ENABLED_KEY = MonitoringConfig.SYSTEM_ENABLED_KEY;
  public static final String JVM_ENABLED_KEY = MonitoringConfig.JVM_ENABLED_KEY;

  static final String BUILD_INFO = "compozy_system_build_info";
  static final String BUILD_INFO_HELP = "Build information (value=1)";

  private static final Logger LOGGER = Logger.getLogger(SystemMetrics.class.getName());
  private static final ThrottledLog LOG = new ThrottledLog(LOGGER);
  /** Handles by meter; weak so a forgotten service does not pin its meter. */
  private static final Map<Meter, SystemMetrics> REGISTERED = new WeakHashMap<>();

  private final Supplier<BuildInfo> buildInfoSource;
  private volatile BuildInfo buildInfo;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Meter registeredOn;

  private SystemMetrics(Supplier<BuildInfo> buildInfo) {
    this.buildInfoSource = buildInfo;
  }

  /**
   * Registers the system metrics on {@code service}: its meter, and its Prometheus registry for
   * build info, as switched by {@link MonitoringConfig#systemEnabled()} and
   * {@link MonitoringConfig#jvmEnabled()}. Returns the existing handle if this service already has
   * one.
   *
   * @param buildInfo the labels of build info, usually {@link BuildInfo#resolve}
   */
  public static SystemMetrics register(MonitoringService service, BuildInfo buildInfo) {
    return register(service, () -> buildInfo);
  }

  /**
   * As {@link #register(MonitoringService, BuildInfo)}, resolving the build info at the first
   * scrape: some runtimes start CDI before the web application's manifest can be read.
   */
  public static SystemMetrics register(MonitoringService service, Supplier<BuildInfo> buildInfo) {
    MonitoringConfig config = service.config();
    Function<String, String> switches = key -> key.equals(SYSTEM_ENABLED_KEY) ? String.valueOf(config.systemEnabled())
        : key.equals(JVM_ENABLED_KEY) ? String.valueOf(config.jvmEnabled()) : null;
    return register(service.meter(), service.openTelemetry(), service.prometheusRegistry().orElse(null),
        switches, buildInfo, InstantSource.system());
  }

  /** Registers on a bare meter; see the class comment for the build info's exposed name. */
  public static SystemMetrics register(
      Meter meter, Function<String, String> configSource, BuildInfo buildInfo) {
    return register(meter, new MeterOnlyOpenTelemetry(meter), null, configSource, () -> buildInfo,
        InstantSource.system());
  }

  static SystemMetrics register(Meter meter, OpenTelemetry openTelemetry, PrometheusRegistry registry,
      Function<String, String> configSource, Supplier<BuildInfo> buildInfo, InstantSource clock) {
    synchronized (REGISTERED) {
      SystemMetrics existing = REGISTERED.get(meter);
      if (existing != null) {
        return existing;
      }
      SystemMetrics metrics = new SystemMetrics(buildInfo);
      if (enabled(configSource, SYSTEM_ENABLED_KEY)) {
        metrics.registerSystem(meter, registry, clock);
      }
      if (enabled(configSource, JVM_ENABLED_KEY)) {
        metrics.registerJvm(openTelemetry);
      }
      metrics.registeredOn = meter;
      REGISTERED.put(meter, metrics);
      return metrics;
    }
  }

  /** The build info this handle reports. */
  public BuildInfo buildInfo() {
    BuildInfo resolved = buildInfo;
    if (resolved == null) {
      resolved = buildInfoSource.get();
      buildInfo = resolved;
    }
    return resolved;
  }

  /** Unregisters everything; a later {@code register} on the same meter starts afresh. Idempotent. */
  @Override
  public void close() {
    synchronized (REGISTERED) {
      if (registeredOn != null && REGISTERED.get(registeredOn) == this) {
        REGISTERED.remove(registeredOn);
      }
      registeredOn = null;
      for (AutoCloseable closeable : closeables) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing system metrics failed", e);
        }
      }
      closeables.clear();
    }
  }

  private void registerSystem(Meter meter, PrometheusRegistry registry, InstantSource clock) {
    Instant start = clock.instant();
    try {
      ObservableDoubleGauge uptime = meter.gaugeBuilder("compozy_system_uptime_seconds")
          .setUnit("s").setDescription("Service uptime in seconds")
          .buildWithCallback(m -> m.record(Duration.between(start, clock.instant()).toNanos() / 1e9));
      closeables.add(uptime);
    } catch (RuntimeException e) {
      LOG.warn("registering compozy_system_uptime_seconds failed", e);
    }
    try {
      if (registry != null) {
        Collector collector = this::collectBuildInfo;
        registry.register(collector);
        closeables.add(() -> registry.unregister(collector));
      } else {
        BuildInfo buildInfo = buildInfo();
        Attributes labels = Attributes.of(
            AttributeKey.stringKey("version"), buildInfo.version(),
            AttributeKey.stringKey("commit_hash"), buildInfo.commitHash(),
            AttributeKey.stringKey("java_version"), buildInfo.javaVersion());
        closeables.add(meter.gaugeBuilder(BUILD_INFO).setDescription(BUILD_INFO_HELP)
            .buildWithCallback(m -> m.record(1, labels)));
      }
    } catch (RuntimeException e) {
      LOG.warn("registering " + BUILD_INFO + " failed", e);
    }
  }

  private void registerJvm(OpenTelemetry openTelemetry) {
    try {
      // JMX only: the JFR features would start a recording stream and its thread
      closeables.add(RuntimeMetrics.builder(openTelemetry).disableAllFeatures().build());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("registering the JVM metrics failed", e);
    }
  }

  private GaugeSnapshot collectBuildInfo() {
    BuildInfo buildInfo = buildInfo();
    return GaugeSnapshot.builder().name(BUILD_INFO).help(BUILD_INFO_HELP)
        .dataPoint(GaugeDataPointSnapshot.builder().value(1)
            .labels(Labels.of("version", buildInfo.version(), "commit_hash", buildInfo.commitHash(),
                "java_version", buildInfo.javaVersion()))
            .build())
        .build();
  }

  static boolean enabled(Function<String, String> configSource, String key) {
    String raw;
    try {
      raw = configSource == null ? null : configSource.apply(key);
    } catch (RuntimeException e) {
      raw = null;
    }
    if (raw == null || raw.isBlank()) {
      return true;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "false": case "0": case "no": case "off":
        return false;
      case "true": case "1": case "yes": case "on":
        return true;
      default:
        LOGGER.log(Level.WARNING, "{0} must be true or false: got ''{1}''; using true",
            new Object[] {key, raw});
        return true;
    }
  }
}
