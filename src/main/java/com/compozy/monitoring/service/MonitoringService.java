package com.compozy.monitoring.service;

import com.compozy.monitoring.config.MonitoringConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The monitoring service: one OpenTelemetry meter whose metrics are exposed in Prometheus format.
 *
 * <pre>{@code
 * MonitoringService monitoring = MonitoringService.createWithFallback(
 *     MonitoringConfig.builder().enabled(true).build());
 * LongCounter processed = monitoring.meter().counterBuilder("compozy_workflows_processed")
 *     .setDescription("Total workflows processed").build();
 * processed.add(1);
 * ...
 * monitoring.shutdown();
 * }</pre>
 *
 * <p>A service is in one of three states. <b>Enabled</b>: {@link #isInitialized()} is true and
 * {@link #meter()} records into {@link #prometheusRegistry()}. <b>Disabled</b> by configuration: a
 * no-op meter and no error. <b>Degraded</b> (only from {@link #createWithFallback} and
 * {@link Builder#buildWithFallback()}): initialization failed, the meter is a no-op and
 * {@link #initializationError()} says why. In every state {@link #meter()} is usable and never
 * throws, so the application keeps working whatever happens to monitoring.
 *
 * <p>In a CDI application the service is built for you from MicroProfile Config; inject it, its
 * {@code Meter} or its {@code OpenTelemetry}.
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

  private static final Logger LOG = Logger.getLogger(MonitoringService.class.getName());
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final MonitoringConfig config;
  private final SdkMeterProvider provider;
  private final OpenTelemetry openTelemetry;
  private final Meter meter;
  private final PrometheusRegistry registry;
  private final Throwable initializationError;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  private MonitoringService(MonitoringConfig config, Resource resource) {
    PrometheusMetricReader reader =
        PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).build();
    this.config = config;
    this.registry = new PrometheusRegistry();
    this.registry.register(reader);
    this.provider = SdkMeterProvider.builder()
        .setResource(resource)
        .registerMetricReader(reader, instrumentType -> MAX_SERIES_PER_INSTRUMENT)
        .build();
    this.openTelemetry = OpenTelemetrySdk.builder().setMeterProvider(provider).build();
    this.meter =
        provider.meterBuilder(SCOPE).setInstrumentationVersion(OtelCompatibility.LIBRARY_VERSION).build();
    this.initializationError = null;
  }

  private MonitoringService(MonitoringConfig config, Throwable initializationError) {
    this.config = config;
    this.provider = null;
    this.registry = null;
    this.openTelemetry = OpenTelemetry.noop();
    this.meter = MeterProvider.noop().get(SCOPE);
    this.initializationError = initializationError;
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

  /** An {@code OpenTelemetry} whose meter provider is this service's (no tracing, no logs). */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public MonitoringConfig config() {
    return config;
  }

  /** True only for an enabled service that was built without error. */
  public boolean isInitialized() {
    return provider != null;
  }

  /** Why a degraded service is a no-op; empty for enabled and for disabled services. */
  public Optional<Throwable> initializationError() {
    return Optional.ofNullable(initializationError);
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
   * (in an application server another application may own it); never throws.
   */
  public boolean setAsGlobal() {
    if (!isInitialized()) {
      return false;
    }
    try {
      if (!GlobalOpenTelemetry.isSet()) {
        GlobalOpenTelemetry.set(openTelemetry);
        return true;
      }
    } catch (IllegalStateException lostRace) {
      // another thread set it between isSet and set
    }
    LOG.warning("A global OpenTelemetry is already set; monitoring keeps its own and leaves the global as is");
    return false;
  }

  /** Flushes and stops the meter provider. Idempotent; a no-op for disabled services. */
  public void shutdown() {
    if (provider != null && shutdown.compareAndSet(false, true)) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
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

    private Builder() {}

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
        return new MonitoringService(effective, (Throwable) null);
      }
      try {
        OtelCompatibility.check();
        return new MonitoringService(effective, resource());
      } catch (LinkageError e) {
        throw OtelCompatibility.linkageFailure(e);
      }
    }

    /** Builds, or returns a degraded no-op service with the failure; never throws. */
    public MonitoringService buildWithFallback() {
      try {
        return build();
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.WARNING, "Failed to initialize monitoring, using no-op implementation: {0}",
            e.getMessage());
        LOG.log(Level.FINE, "Monitoring initialization failure", e);
        return degraded(e);
      }
    }

    MonitoringService degraded(Throwable cause) {
      MonitoringConfig kept = config;
      if (kept == null) {
        kept = MonitoringConfig.builder()
            .required(configSource != null && MonitoringConfig.requiredIn(configSource))
            .build();
      }
      return new MonitoringService(kept, cause);
    }

    private Resource resource() {
      Resource resource = Resource.getDefault();
      if (defaultServiceName != null && !defaultServiceName.isBlank()) {
        resource = resource.merge(Resource.create(Attributes.of(SERVICE_NAME, defaultServiceName)));
      }
      return resource.merge(ResourceConfiguration.createEnvironmentResource());
    }

    private MonitoringConfig effectiveConfig() {
      if (configSource != null) {
        return MonitoringConfig.fromSource(configSource);
      }
      return config != null ? config : MonitoringConfig.defaults();
    }
  }
}
