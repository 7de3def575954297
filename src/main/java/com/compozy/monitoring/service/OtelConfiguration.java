package com.compozy.monitoring.service;

import com.compozy.monitoring.internal.ChosenSpanIds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the OpenTelemetry SDK's autoconfigure makes of the {@code otel.*} settings, handed to the
 * service's own providers: the resource, and when asked for, the tracer provider (sampler, span
 * exporter, batch processor, and the {@link ChosenSpanIds} the Temporal tracing needs), the
 * propagators, and the periodic readers that push metrics ({@code otel.metrics.exporter}).
 *
 * <p>Autoconfigure builds a whole SDK; the service keeps only these parts. Its meter provider is
 * the service's own, built around the Prometheus reader, so an invalid setting (autoconfigure
 * closes what it built when one fails) can never take the scrape endpoint or a reader given to the
 * builder down with it. The pushing readers are taken over with {@code addMetricReaderCustomizer},
 * so the scrape and the push read the same instruments of one provider with one resource.
 * Autoconfigure's meter provider only carries the span processor's and the exporters' own
 * telemetry, which {@link PipelineTelemetry} hands to the service's provider; it is kept while
 * anything exports and shut down at once otherwise.
 *
 * <p>Settings come from the properties given (MicroProfile Config's {@code otel.*} keys in a
 * container) under the process's {@code OTEL_*} environment variables and {@code otel.*} system
 * properties, which autoconfigure reads itself: the same order MicroProfile Config has.
 */
final class OtelConfiguration {
  /** Defaults that differ from autoconfigure's, below everything a user sets. */
  static final Map<String, String> DEFAULTS = Map.of(
      // no gRPC sender is bundled (it would bring grpc-java or OkHttp)
      "otel.exporter.otlp.protocol", "http/protobuf",
      // the scrape endpoint is the primary way out; pushing is opt-in
      "otel.metrics.exporter", "none",
      // the pipeline's own metrics with their semantic-convention names (otel.sdk.processor.span.*)
      "otel.experimental.sdk.telemetry.version", "latest");

  private static final Logger LOG = Logger.getLogger(OtelConfiguration.class.getName());
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final String HTTP_PROTOBUF = "http/protobuf";
  private static final List<String> PROTOCOL_KEYS = List.of("otel.exporter.otlp.protocol",
      "otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.metrics.protocol");

  final Resource resource;
  /** Null unless traces were asked for and configured. */
  final SdkTracerProvider tracerProvider;
  /** No-op unless propagation was asked for and configured. */
  final ContextPropagators propagators;
  final List<MetricReader> metricReaders;
  /** The span processor's and exporters' own metrics, for the service's provider to produce. */
  final PipelineTelemetry pipeline;
  /** Autoconfigure's message for the setting it rejected (it names the value); null when valid. */
  final String invalid;

  private OtelConfiguration(Resource resource, SdkTracerProvider tracerProvider,
      ContextPropagators propagators, List<MetricReader> metricReaders, PipelineTelemetry pipeline,
      String invalid) {
    this.resource = resource;
    this.tracerProvider = tracerProvider;
    this.propagators = propagators;
    this.metricReaders = metricReaders;
    this.pipeline = pipeline;
    this.invalid = invalid;
  }

  /**
   * Never throws: an invalid setting is logged once, naming key and value, and gives a
   * configuration without tracing or push, so the service still serves its scrape endpoint.
   *
   * @param traces whether to build a tracer provider from {@code otel.traces.*}
   * @param propagation whether to build propagators from {@code otel.propagators}
   */
  static OtelConfiguration configure(Map<String, String> properties, String defaultServiceName,
      boolean traces, boolean propagation, ExportStatus status) {
    List<MetricReader> pushing = new ArrayList<>();
    PipelineTelemetry pipeline = new PipelineTelemetry();
    AtomicReference<Resource> resource = new AtomicReference<>();
    AutoConfiguredOpenTelemetrySdk configured;
    Thread current = Thread.currentThread();
    ClassLoader application = current.getContextClassLoader();
    // Threads started here inherit the context class loader. The JDK HttpClient's selector thread
    // (Java 17 has no HttpClient.close()) ends only once a GC finds its client unreachable; holding
    // the application's class loader, it would keep the client reachable through any static of the
    // WAR (GlobalOpenTelemetry, for one) and so outlive every redeploy.
    current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      configured = AutoConfiguredOpenTelemetrySdk.builder()
          .setServiceClassLoader(new OwnServices(OtelConfiguration.class.getClassLoader()))
          .disableShutdownHook() // the service's shutdown is the one lifecycle; never set as global
          .addPropertiesSupplier(() -> withDefaults(properties))
          .addPropertiesCustomizer(config -> overrides(config, traces, propagation))
          .addResourceCustomizer((autoconfigured, config) -> {
            resource.set(withServiceName(autoconfigured, defaultServiceName));
            return resource.get();
          })
          .addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(pipeline))
          // before the customizers autoconfigure finds on the class path, so that an application's
          // own id generator (AWS X-Ray's, say) still wins; no counter per span started and ended
          // (otel.sdk.span.*): the request path pays for the series it asked for, no more
          .addTracerProviderCustomizer((tracing, config) -> tracing.setIdGenerator(ChosenSpanIds.idGenerator())
              .setMeterProvider(MeterProvider::noop))
          .addSpanExporterCustomizer((exporter, config) -> status.watch(exporter))
          .addMetricExporterCustomizer((exporter, config) -> status.watch(exporter))
          .addMetricReaderCustomizer((reader, config) -> {
            pushing.add(reader);
            return new Placeholder();
          })
          .build();
    } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
      // a ServiceConfigurationError: a runtime that exports its own OpenTelemetry lists its SPI
      // implementations to the WAR too (Liberty's mpTelemetry without parentLast)
      pushing.forEach(OtelConfiguration::closeQuietly); // autoconfigure closed them unless an Error
      String message = describe(e, properties);
      LOG.log(Level.WARNING, "Monitoring: tracing and OTLP export are off, metrics are still served:"
          + " invalid OpenTelemetry setting: {0}", message);
      LOG.log(Level.FINE, "OpenTelemetry autoconfiguration failure", e);
      return new OtelConfiguration(fallbackResource(defaultServiceName), null, ContextPropagators.noop(),
          List.of(), new PipelineTelemetry(), message);
    } finally {
      current.setContextClassLoader(application);
    }
    OpenTelemetrySdk sdk = configured.getOpenTelemetrySdk();
    sdk.getSdkLoggerProvider().shutdown(); // logs are not the service's signal
    SdkTracerProvider tracerProvider = sdk.getSdkTracerProvider();
    if (!traces) {
      tracerProvider.shutdown(); // built without exporters; spans stay no-ops instead
      tracerProvider = null;
    }
    if (tracerProvider != null || !pushing.isEmpty()) {
      pipeline.keep(sdk.getSdkMeterProvider());
    } else {
      sdk.getSdkMeterProvider().shutdown(); // nothing exports, so it has nothing to report
    }
    return new OtelConfiguration(resource.get(), tracerProvider,
        propagation ? sdk.getPropagators() : ContextPropagators.noop(), List.copyOf(pushing), pipeline, null);
  }

  private static Map<String, String> withDefaults(Map<String, String> properties) {
    Map<String, String> merged = new HashMap<>(DEFAULTS);
    merged.putAll(properties);
    return merged;
  }

  /** What no setting may change: these govern the service's SDK, not a runtime's. */
  private static Map<String, String> overrides(ConfigProperties config, boolean traces, boolean propagation) {
    Map<String, String> overrides = new LinkedHashMap<>();
    // MicroProfile Telemetry's switch for a runtime's own SDK; monitoring.tracing.enabled is ours
    overrides.put("otel.sdk.disabled", "false");
    overrides.put("otel.logs.exporter", "none");
    if (!traces) {
      overrides.put("otel.traces.exporter", "none");
      overrides.put("otel.traces.sampler", "always_off");
    }
    if (!propagation) {
      overrides.put("otel.propagators", "none");
    }
    for (String key : PROTOCOL_KEYS) {
      String protocol = config.getString(key);
      if (protocol != null && protocol.trim().toLowerCase(Locale.ROOT).equals("grpc")) {
        LOG.log(Level.WARNING, "Monitoring: {0}=grpc is not supported (no gRPC sender is bundled),"
            + " exporting with http/protobuf instead: point the endpoint at the collector''s OTLP/HTTP"
            + " port (4318)", key);
        overrides.put(key, HTTP_PROTOBUF);
      }
    }
    return overrides;
  }

  private static Resource withServiceName(Resource resource, String defaultServiceName) {
    String configured = resource.getAttribute(SERVICE_NAME);
    boolean unset = configured == null || configured.startsWith("unknown_service");
    if (unset && defaultServiceName != null && !defaultServiceName.isBlank()) {
      return resource.merge(Resource.create(Attributes.of(SERVICE_NAME, defaultServiceName)));
    }
    return resource;
  }

  private static Resource fallbackResource(String defaultServiceName) {
    Resource resource = Resource.getDefault();
    try {
      resource = resource.merge(ResourceConfiguration.createEnvironmentResource());
    } catch (RuntimeException invalidResourceSettings) {
      // already logged as the reason tracing is off
    }
    return withServiceName(resource, defaultServiceName);
  }

  /**
   * Autoconfigure's message, which names the value; when it does not name the key too (an
   * endpoint that is no URL, for example), the key that holds that value is added.
   */
  static String describe(Throwable error, Map<String, String> properties) {
    String message = error instanceof LinkageError || error instanceof ServiceConfigurationError
        ? error.getClass().getSimpleName() + ": " + error.getMessage() // an exporter the WAR lacks parts of
        : String.valueOf(error.getMessage());
    if (error.getCause() != null && error.getCause() != error && error.getCause().getMessage() != null
        && message.startsWith("Unexpected")) {
      message = message + ": " + error.getCause().getMessage();
    }
    if (message.matches("(?s).*\\botel(\\.[a-z0-9_]+)+.*")) {
      return message;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    System.getenv().forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        settings.put(name.toLowerCase(Locale.ROOT).replace('_', '.') + " (environment " + name + ")", value);
      }
    });
    System.getProperties().forEach((name, value) -> {
      if (String.valueOf(name).startsWith("otel.")) {
        settings.put(String.valueOf(name), String.valueOf(value));
      }
    });
    properties.forEach(settings::putIfAbsent);
    List<String> keys = new ArrayList<>();
    String haystack = message;
    settings.forEach((key, value) -> {
      if (value != null && value.trim().length() > 1 && haystack.contains(value.trim())) {
        keys.add(key);
      }
    });
    return keys.isEmpty() ? message : message + " (set by " + String.join(", ", keys) + ")";
  }

  private static void closeQuietly(MetricReader reader) {
    try {
      reader.shutdown();
    } catch (RuntimeException ignored) {
      // nothing was started yet
    }
  }

  /**
   * Stands in for a pushing reader in autoconfigure's own meter provider, whose only reader is
   * {@link PipelineTelemetry}.
   */
  private static final class Placeholder implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {}

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
