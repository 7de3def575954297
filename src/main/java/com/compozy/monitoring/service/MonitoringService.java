package com.compozy.monitoring.service;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.internal.MonotonicClock;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The monitoring service: one OpenTelemetry meter whose metrics are exposed in Prometheus format,
 * and the features bound to it.
 *
 * <pre>{@code
 * MonitoringService monitoring = MonitoringService.createWithFallback(
 *     MonitoringConfig.builder().enabled(true).build());
 * LongCounter processed = monitoring.meter().counterBuilder("compozy_workflows_processed")
 *     .setDescription("Total workflows processed").build();
 * processed.add(1);
 * DispatcherMetrics dispatchers = DispatcherMetrics.of(monitoring); // a feature, bound once
 * ...
 * monitoring.shutdown(); // closes the features too
 * }</pre>
 *
 * <p>A service is in one of three states. <b>Enabled</b>: {@link #isInitialized()} is true and
 * {@link #meter()} records into {@link #prometheusRegistry()}. <b>Disabled</b> by configuration: a
 * no-op meter and no error. <b>Degraded</b> (only from {@link #createWithFallback} and
 * {@link Builder#buildWithFallback()}): initialization failed, the meter is a no-op and
 * {@link #initializationError()} says why. In every state {@link #meter()} is usable and never
 * throws, so the application keeps working whatever happens to monitoring.
 *
 * <p>Features ({@code DispatcherMetrics}, {@code MemoryMonitor}, {@code SystemMetrics},
 * {@code TemporalMetrics}, ...) bind to a service with {@link #bind}: once per service, closed by
 * {@link #shutdown()}. More signals plug in at the builder: {@link Builder#registerMetricReader}
 * (OTLP push, for example) and {@link Builder#tracerProvider}.
 *
 * <p>In a CDI application the service is built for you from MicroProfile Config; inject it, its
 * {@code Meter}, {@code Tracer} or {@code OpenTelemetry}.
 */
public final class MonitoringService {
  /** The instrumentation scope of every instrument this library creates. */
  public static final String SCOPE = "compozy";

  /**
   * Series one instrument may hold before OpenTelemetry folds new attribute sets into a single
   * {@code otel_metric_overflow="true"} series. Kept at the SDK's default on purpose: the library's
   * own label values are bounded far below it, so reaching it means an application instrument has
   * an unbounded label.
   */
  public static final int MAX_SERIES_PER_INSTRUMENT = 2000;

  /** How long {@link #shutdown()} waits for the last spans and metrics to be exported. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(MonitoringService.class.getName());

  private final MonitoringConfig config;
  private final InstantSource clock;
  private final SdkMeterProvider meterProvider;
  private final SdkTracerProvider tracerProvider;
  private final PipelineTelemetry pipeline;
  private final OpenTelemetry openTelemetry;
  private final Meter meter;
  private final Tracer tracer;
  private final PrometheusRegistry registry;
  private final Throwable initializationError;
  private final ExportStatus exports;
  private final String otelConfigError;
  private final Map<Class<?>, AutoCloseable> bound = new LinkedHashMap<>();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final AtomicBoolean global = new AtomicBoolean();

  private MonitoringService(Builder builder, MonitoringConfig config, ExportStatus exports) {
    this.config = config;
    this.clock = builder.clock;
    this.exports = exports;
    OtelConfiguration otel = OtelConfiguration.configure(builder.otelProperties,
        builder.defaultServiceName, config.tracingEnabled() && builder.tracerProvider == null,
        config.tracingEnabled() && builder.propagators == null, exports);
    this.otelConfigError = otel.invalid;
    PrometheusMetricReader prometheus =
        PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).build();
    this.registry = new PrometheusRegistry();
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder()
        .setResource(otel.resource)
        .registerMetricReader(prometheus, instrumentType -> MAX_SERIES_PER_INSTRUMENT);
    if (config.nativeHistograms()) {
      NativeHistograms histograms = new NativeHistograms(prometheus);
      meters.registerMetricReader(histograms.reader(), instrumentType -> MAX_SERIES_PER_INSTRUMENT);
      this.registry.register(histograms);
    } else {
      this.registry.register(prometheus);
    }
    builder.metricReaders.forEach(reader -> meters.registerMetricReader(reader, instrumentType -> MAX_SERIES_PER_INSTRUMENT));
    otel.metricReaders.forEach(reader -> meters.registerMetricReader(reader, instrumentType -> MAX_SERIES_PER_INSTRUMENT));
    this.pipeline = otel.pipeline;
    meters.registerMetricProducer(pipeline);
    this.meterProvider = meters.build();
    this.tracerProvider = builder.tracerProvider != null ? builder.tracerProvider : otel.tracerProvider;
    ContextPropagators propagators = builder.propagators != null ? builder.propagators : otel.propagators;
    if (tracerProvider != null) {
      this.openTelemetry = OpenTelemetrySdk.builder().setMeterProvider(meterProvider)
          .setTracerProvider(tracerProvider).setPropagators(propagators).build();
    } else {
      // OpenTelemetrySdk would fill in a real tracer provider whose spans carry valid (propagated)
      // contexts yet go nowhere; without tracing, spans stay no-ops as documented
      this.openTelemetry = new MetricsOnly(meterProvider, propagators);
    }
    this.meter = meterProvider.meterBuilder(SCOPE)
        .setInstrumentationVersion(OtelCompatibility.LIBRARY_VERSION).build();
    this.tracer = openTelemetry.tracerBuilder(SCOPE)
        .setInstrumentationVersion(OtelCompatibility.LIBRARY_VERSION).build();
    this.initializationError = null;
  }

  private MonitoringService(Builder builder, MonitoringConfig config, Throwable initializationError) {
    this.config = config;
    this.clock = builder.clock;
    this.meterProvider = null;
    this.tracerProvider = null;
    this.pipeline = null;
    this.registry = null;
    this.exports = null;
    this.otelConfigError = null;
    this.openTelemetry = OpenTelemetry.noop();
    this.meter = MeterProvider.noop().get(SCOPE);
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.initializationError = initializationError;
    // readers and a tracer provider handed to a service that does not use them must not leak
    builder.metricReaders.forEach(MonitoringService::closeQuietly);
    if (builder.tracerProvider != null) {
      builder.tracerProvider.shutdown();
    }
  }

  /**
   * Builds a service from {@code config}; {@code null} means {@link MonitoringConfig#defaults()}.
   * A disabled config gives a no-op service without error.
   *
   * @throws com.compozy.monitoring.config.InvalidMonitoringConfigException if the config is invalid
   *     (checked even when disabled)
   * @throws MonitoringInitializationException if an enabled service cannot be built
   */
  public static MonitoringService create(MonitoringConfig config) {
    return builder().config(config).build();
  }

  /**
   * Like {@link #create} but never throws: on failure it logs the cause and returns a degraded
   * no-op service whose {@link #initializationError()} holds it.
   */
  public static MonitoringService createWithFallback(MonitoringConfig config) {
    return builder().config(config).buildWithFallback();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The meter to create instruments on; a no-op meter unless {@link #isInitialized()}. */
  public Meter meter() {
    return meter;
  }

  /**
   * A tracer for the application's own spans; a no-op unless {@code monitoring.tracing.enabled}
   * (exported as the {@code otel.*} settings say, see {@link Builder#otelProperties}) or a tracer
   * provider was given.
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * An {@code OpenTelemetry} with this service's meter provider and, with tracing, its tracer
   * provider and propagators (the builder's when given, else autoconfigured); no-op parts otherwise.
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * The clock features measure uptime, heartbeat ages and staleness with. Unless the builder was
   * given one it is monotonic: the wall time read once when the builder was made, advanced by
   * {@link System#nanoTime()}, so wall-clock steps (NTP, an operator) move no age or uptime. Its
   * instants therefore drift from the wall clock by any step made since; nothing the library
   * exposes is a wall-clock timestamp.
   */
  public InstantSource clock() {
    return clock;
  }

  /**
   * The feature of {@code type} bound to this service, created by {@code binder} the first time it
   * is asked for and the same instance every later time, so its instruments exist once however
   * many callers ask. Bound features are closed, last bound first, by {@link #shutdown()}.
   */
  public <T extends AutoCloseable> T bind(Class<T> type, MonitoringBinder<? extends T> binder) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(binder, "binder");
    synchronized (bound) {
      AutoCloseable existing = bound.get(type);
      if (existing != null) {
        return type.cast(existing);
      }
      T created = binder.bindTo(this);
      bound.put(type, created);
      return created;
    }
  }

  public MonitoringConfig config() {
    return config;
  }

  /** True only for an enabled service that was built without error. */
  public boolean isInitialized() {
    return meterProvider != null;
  }

  /** Why a degraded service is a no-op; empty for enabled and for disabled services. */
  public Optional<Throwable> initializationError() {
    return Optional.ofNullable(initializationError);
  }

  /** True when spans are recorded and exported: tracing enabled and configured, or a tracer provider given. */
  public boolean isTracing() {
    return tracerProvider != null;
  }

  /**
   * Why the {@code otel.*} settings were rejected, as the SDK's autoconfigure words it (naming the
   * key and value, so never show it unauthenticated); empty when they were valid. Tracing and OTLP
   * push are then off while metrics are still served.
   */
  public Optional<String> otelConfigError() {
    return Optional.ofNullable(otelConfigError);
  }

  /** The last export of spans or pushed metrics that failed, if any did. */
  public Optional<ExportFailure> lastExportFailure() {
    return exports == null ? Optional.empty() : exports.lastFailure();
  }

  /**
   * The registry to scrape, holding everything recorded through {@link #meter()}; empty unless
   * {@link #isInitialized()}. The library's scrape endpoint serves it; use it to serve metrics
   * yourself.
   */
  public Optional<PrometheusRegistry> prometheusRegistry() {
    return Optional.ofNullable(registry);
  }

  /**
   * Installs this service as {@link GlobalOpenTelemetry}, for libraries that look the global up.
   * Does nothing and returns false when the service is not initialized or a global is already set
   * (in an application server another application may own it); never throws. {@link #shutdown()}
   * unsets it again.
   */
  public boolean setAsGlobal() {
    if (!isInitialized()) {
      return false;
    }
    try {
      if (!GlobalOpenTelemetry.isSet()) {
        GlobalOpenTelemetry.set(openTelemetry);
        global.set(true);
        return true;
      }
    } catch (IllegalStateException lostRace) {
      // another thread set it between isSet and set
    }
    LOG.warning("A global OpenTelemetry is already set; monitoring keeps its own and leaves the global as is");
    return false;
  }

  /**
   * Closes the bound features, then flushes and stops the meter and tracer providers. Idempotent;
   * never throws.
   */
  public void shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return;
    }
    List<AutoCloseable> features;
    synchronized (bound) {
      features = new ArrayList<>(bound.values());
      bound.clear();
    }
    for (int i = features.size() - 1; i >= 0; i--) {
      closeQuietly(features.get(i));
    }
    if (global.get()) {
      // the WAR's own copy of the API holds it: a static path from the application's classes to the
      // exporters' HttpClient, whose selector thread would then never see its client unreachable
      GlobalOpenTelemetry.resetForTest();
    }
    if (meterProvider == null && tracerProvider == null) {
      return;
    }
    // a pushing reader exports once more inside shutdown(), waiting up to the exporter's timeout:
    // flush on a thread of its own so that an application's undeploy waits SHUTDOWN_TIMEOUT at most
    CompletableResultCode flushed = new CompletableResultCode();
    Thread flusher = new Thread(() -> {
      List<CompletableResultCode> flushes = new ArrayList<>();
      try {
        if (tracerProvider != null) {
          flushes.add(tracerProvider.shutdown());
        }
        if (meterProvider != null) {
          flushes.add(meterProvider.shutdown());
        }
        if (pipeline != null) {
          flushes.add(pipeline.release());
        }
      } finally {
        CompletableResultCode.ofAll(flushes).whenComplete(flushed::succeed);
      }
    }, "monitoring-shutdown");
    flusher.setDaemon(true);
    flusher.start();
    if (!flushed.join(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isDone()) {
      LOG.log(Level.WARNING, "Monitoring: spans and metrics not exported within {0} s of shutdown are"
          + " dropped (is the collector reachable?)", SHUTDOWN_TIMEOUT.toSeconds());
      if (exports != null) {
        exports.abort(); // interrupts the exports in flight, so no thread outlives the application
      }
    }
  }

  /** An {@code OpenTelemetry} with the service's meters and no-op tracing. */
  private record MetricsOnly(MeterProvider meterProvider, ContextPropagators propagators) implements OpenTelemetry {
    @Override
    public TracerProvider getTracerProvider() {
      return TracerProvider.noop();
    }

    @Override
    public MeterProvider getMeterProvider() {
      return meterProvider;
    }

    @Override
    public ContextPropagators getPropagators() {
      return propagators;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception | LinkageError e) {
      LOG.log(Level.WARNING, "Closing " + closeable + " failed", e);
    }
  }

  @Override
  public String toString() {
    String state = isInitialized() ? "enabled" : initializationError == null ? "disabled" : "degraded";
    return "MonitoringService{" + state + ", " + config + "}";
  }

  /**
   * Builds a {@link MonitoringService}.
   *
   * <pre>{@code
   * MonitoringService monitoring = MonitoringService.builder()
   *     .configSource(key -> mpConfig.getOptionalValue(key, String.class).orElse(null))
   *     .defaultServiceName("orders")
   *     .buildWithFallback();
   * }</pre>
   */
  public static final class Builder {
    private MonitoringConfig config;
    private Function<String, String> configSource;
    private String defaultServiceName;
    private InstantSource clock = MonotonicClock.start();
    private final List<MetricReader> metricReaders = new ArrayList<>();
    private SdkTracerProvider tracerProvider;
    private ContextPropagators propagators;
    private Map<String, String> otelProperties = Map.of();

    private Builder() {}

    /**
     * The clock for uptime and staleness, instead of the monotonic default (see
     * {@link MonitoringService#clock()}); tests pass a controllable one.
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A further reader of the service's metrics beside the Prometheus registry, such as a periodic
     * OTLP push. The service owns it: it is shut down with the service, or at once if the service
     * is disabled or degraded.
     */
    public Builder registerMetricReader(MetricReader reader) {
      metricReaders.add(Objects.requireNonNull(reader, "reader"));
      return this;
    }

    /**
     * The tracer provider behind {@link MonitoringService#tracer()} and the service's
     * {@code OpenTelemetry}; owned by the service like a metric reader.
     */
    public Builder tracerProvider(SdkTracerProvider tracerProvider) {
      this.tracerProvider = tracerProvider;
      return this;
    }

    /** The propagators of the service's {@code OpenTelemetry}; none unless set. */
    public Builder propagators(ContextPropagators propagators) {
      this.propagators = propagators;
      return this;
    }

    /**
     * OpenTelemetry's own settings ({@code otel.traces.exporter}, {@code otel.exporter.otlp.endpoint},
     * {@code otel.metrics.exporter}, ...; a CDI application passes every {@code otel.*} key of
     * MicroProfile Config), applied by the SDK's autoconfigure when the service is built. The
     * process's {@code OTEL_*} environment variables and {@code otel.*} system properties win over
     * them. Defaults that differ from autoconfigure's: {@code otel.metrics.exporter=none} (the
     * scrape endpoint is the primary) and {@code otel.exporter.otlp.protocol=http/protobuf}.
     */
    public Builder otelProperties(Map<String, String> properties) {
      this.otelProperties = Map.copyOf(properties);
      return this;
    }

    public Builder config(MonitoringConfig config) {
      this.config = config;
      this.configSource = null;
      return this;
    }

    /** Reads the config at build time, see {@link MonitoringConfig#fromSource}. */
    public Builder configSource(Function<String, String> configSource) {
      this.configSource = configSource;
      this.config = null;
      return this;
    }

    /**
     * The {@code service.name} resource attribute unless {@code OTEL_SERVICE_NAME} or
     * {@code OTEL_RESOURCE_ATTRIBUTES} set one; usually the application's name.
     */
    public Builder defaultServiceName(String name) {
      this.defaultServiceName = name;
      return this;
    }

    /** Builds; see {@link MonitoringService#create} for what it throws. */
    public MonitoringService build() {
      MonitoringConfig effective = effectiveConfig();
      effective.validate();
      if (!effective.enabled()) {
        return new MonitoringService(this, effective, (Throwable) null);
      }
      try {
        OtelCompatibility.check();
        return new MonitoringService(this, effective, new ExportStatus(clock));
      } catch (LinkageError e) {
        throw OtelCompatibility.linkageFailure(e);
      }
    }

    /** Builds, or returns a degraded no-op service with the failure; never throws. */
    public MonitoringService buildWithFallback() {
      try {
        return build();
      } catch (RuntimeException | LinkageError e) {
        return buildDegraded(e);
      }
    }

    /**
     * A degraded no-op service whose {@link MonitoringService#initializationError()} is
     * {@code cause}, for a failure found before the service could be built (no MicroProfile Config
     * on the server, for example). Keeps the builder's config when it has one. Logs the cause, as
     * {@link #buildWithFallback()} does.
     */
    public MonitoringService buildDegraded(Throwable cause) {
      LOG.log(Level.WARNING, "Failed to initialize monitoring, using no-op implementation: {0}",
          cause.getMessage());
      LOG.log(Level.FINE, "Monitoring initialization failure", cause);
      MonitoringConfig kept = config;
      if (kept == null) {
        kept = MonitoringConfig.builder()
            .required(configSource != null && MonitoringConfig.requiredIn(configSource))
            .build();
      }
      return new MonitoringService(this, kept, cause);
    }

    private MonitoringConfig effectiveConfig() {
      if (configSource != null) {
        return MonitoringConfig.fromSource(configSource);
      }
      return config != null ? config : MonitoringConfig.defaults();
    }
  }
}
