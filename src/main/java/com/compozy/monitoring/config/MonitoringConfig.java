package com.compozy.monitoring.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Monitoring settings, read once and passed typed to every part of the library.
 *
 * <pre>{@code
 * MonitoringConfig config = MonitoringConfig.builder().enabled(true).path("/metrics").build();
 * config.validate();                                   // throws InvalidMonitoringConfigException
 * MonitoringConfig effective = MonitoringConfig.loadWithEnv(config); // MONITORING_* win
 * }</pre>
 *
 * <p>In a MicroProfile application the library reads the same settings from MicroProfile Config
 * with {@link #fromSource}, keyed {@code monitoring.*}; MicroProfile Config maps each key to an
 * environment variable ({@code monitoring.enabled} to {@code MONITORING_ENABLED}), which therefore
 * overrides the WAR's {@code microprofile-config.properties}.
 *
 * <p>A new setting is a record component, a builder field with its setter, and one line in
 * {@link #fromSource}.
 *
 * @param enabled whether metrics are collected ({@value #ENABLED_KEY}, default false)
 * @param path the scrape path, trimmed ({@value #PATH_KEY}, default {@value #DEFAULT_PATH})
 * @param httpExclude requests not to measure ({@value #HTTP_EXCLUDE_KEY}, comma-separated): each
 *     entry is a route template ({@code /health/{check}}) or a path relative to the context root
 *     ({@code /ping}); an entry ending in {@code *} matches paths by prefix. Empty by default
 * @param required whether readiness needs monitoring running ({@value #REQUIRED_KEY}, default
 *     false): when false a disabled or degraded service leaves the application ready, as the
 *     original's graceful fallback intends
 * @param systemEnabled build info and uptime ({@value #SYSTEM_ENABLED_KEY}, default true)
 * @param jvmEnabled JVM memory, GC, thread, class and CPU metrics ({@value #JVM_ENABLED_KEY},
 *     default true)
 * @param buildVersion the {@code version} of build info when set ({@value #BUILD_VERSION_KEY}),
 *     verbatim
 * @param buildCommit the {@code commit_hash} of build info when set ({@value #BUILD_COMMIT_KEY}),
 *     verbatim
 * @param dispatchersInReadiness whether a stale dispatcher makes readiness DOWN
 *     ({@value #READINESS_DISPATCHERS_KEY}, default true); false for a service whose API does not
 *     depend on its dispatchers: the {@code dispatchers} check then reports the same data but stays UP
 * @param nativeHistograms histograms also as Prometheus native histograms
 *     ({@value #HISTOGRAMS_NATIVE_KEY}, default false): OpenTelemetry exponential histograms served
 *     beside the classic buckets, in the protobuf format only
 * @param authRole the role a scraper must be in ({@value #AUTH_ROLE_KEY}): the container's own
 *     security constrains the scrape servlet to it. Unset by default (open)
 * @param authToken the bearer token a scraper must send ({@value #AUTH_TOKEN_KEY}); compared in
 *     constant time and never logged. Unset by default (open)
 * @param tracingEnabled whether the service records and exports spans ({@value #TRACING_ENABLED_KEY},
 *     default false). The one switch: how spans are exported, sampled and propagated, and whether
 *     metrics are also pushed, comes from OpenTelemetry's own {@code otel.*} settings
 * @param httpEnabled whether the library measures HTTP requests ({@value #HTTP_ENABLED_KEY}, default
 *     true); false leaves HTTP server metrics to the runtime or an agent, the scrape endpoint stays
 * @param httpConventions which names the HTTP metrics have ({@value #HTTP_CONVENTIONS_KEY}:
 *     {@code compozy}, the default, {@code otel} or {@code both})
 */
public record MonitoringConfig(
    boolean enabled,
    String path,
    List<String> httpExclude,
    boolean required,
    boolean systemEnabled,
    boolean jvmEnabled,
    Optional<String> buildVersion,
    Optional<String> buildCommit,
    boolean dispatchersInReadiness,
    boolean nativeHistograms,
    Optional<String> authRole,
    Optional<String> authToken,
    boolean tracingEnabled,
    boolean httpEnabled,
    HttpConventions httpConventions) {
  public static final String ENABLED_KEY = "monitoring.enabled";
  public static final String PATH_KEY = "monitoring.path";
  public static final String HTTP_EXCLUDE_KEY = "monitoring.http.exclude";
  public static final String REQUIRED_KEY = "monitoring.required";
  public static final String SYSTEM_ENABLED_KEY = "monitoring.system.enabled";
  public static final String JVM_ENABLED_KEY = "monitoring.jvm.enabled";
  public static final String BUILD_VERSION_KEY = "monitoring.build.version";
  public static final String BUILD_COMMIT_KEY = "monitoring.build.commit";
  public static final String READINESS_DISPATCHERS_KEY = "monitoring.readiness.dispatchers";
  public static final String HISTOGRAMS_NATIVE_KEY = "monitoring.histograms.native";
  public static final String AUTH_ROLE_KEY = "monitoring.auth.role";
  public static final String AUTH_TOKEN_KEY = "monitoring.auth.token";
  public static final String TRACING_ENABLED_KEY = "monitoring.tracing.enabled";
  public static final String HTTP_ENABLED_KEY = "monitoring.http.enabled";
  public static final String HTTP_CONVENTIONS_KEY = "monitoring.http.conventions";
  public static final String DEFAULT_PATH = "/metrics";

  /** The names HTTP server metrics are recorded under; {@code both} records one measurement twice. */
  public enum HttpConventions {
    /** The original's {@code compozy_http_*} series. */
    COMPOZY,
    /** OpenTelemetry's stable semantic conventions: {@code http.server.request.duration} and its kin. */
    OTEL,
    /**
     * The compozy series and the conventions' stable {@code http.server.request.duration}, from one
     * measurement of each request; the conventions' development instruments (active requests, body
     * sizes) would repeat compozy series number for number, and are left to {@code OTEL}.
     */
    BOTH;

    public boolean compozy() {
      return this != OTEL;
    }

    public boolean otel() {
      return this != COMPOZY;
    }

    static HttpConventions parse(String key, String raw) {
      for (HttpConventions conventions : values()) {
        if (conventions.name().equalsIgnoreCase(raw.trim())) {
          return conventions;
        }
      }
      throw new InvalidMonitoringConfigException(key + " must be one of compozy, otel, both: got '" + raw + "'");
    }
  }

  private static final MonitoringConfig DEFAULTS = new Builder().build();

  public MonitoringConfig {
    path = path == null ? "" : path.trim();
    httpExclude = httpExclude.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
    buildVersion = Objects.requireNonNull(buildVersion, "buildVersion").filter(v -> !v.isBlank());
    buildCommit = Objects.requireNonNull(buildCommit, "buildCommit").filter(v -> !v.isBlank());
    authRole = Objects.requireNonNull(authRole, "authRole").map(String::trim).filter(v -> !v.isEmpty());
    authToken = Objects.requireNonNull(authToken, "authToken").map(String::trim).filter(v -> !v.isEmpty());
    Objects.requireNonNull(httpConventions, "httpConventions");
  }

  /** Disabled, scraped at {@value #DEFAULT_PATH}. */
  public static MonitoringConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Checks the settings, in the original's order: the path must not be empty, must start with
   * {@code /}, must not be under {@code /api/} and must not contain a query. Beyond the original,
   * it must be one exact path: not {@code /} (the application's default servlet) and no
   * {@code *} (a wildcard or extension pattern would take the application's own requests). Runs
   * whether or not monitoring is enabled.
   *
   * @throws InvalidMonitoringConfigException naming the offending value
   */
  public void validate() {
    if (path.isEmpty()) {
      throw new InvalidMonitoringConfigException("monitoring path cannot be empty");
    }
    if (path.contains("*")) {
      throw new InvalidMonitoringConfigException("monitoring path must be an exact path such as /metrics,"
          + " not a wildcard or extension pattern: got " + path);
    }
    if (!path.startsWith("/")) {
      throw new InvalidMonitoringConfigException("monitoring path must start with '/': got " + path);
    }
    if (path.startsWith("/api/")) {
      throw new InvalidMonitoringConfigException("monitoring path cannot be under /api/: got " + path);
    }
    if (path.contains("?")) {
      throw new InvalidMonitoringConfigException(
          "monitoring path cannot contain query parameters: got " + path);
    }
    if (path.equals("/")) {
      throw new InvalidMonitoringConfigException("monitoring path cannot be /: it would take every request"
          + " the application has no other mapping for; use an exact path such as /metrics");
    }
  }

  /**
   * Overlays the process environment ({@code MONITORING_ENABLED}, {@code MONITORING_PATH}) on
   * {@code base} and validates the result.
   *
   * @param base the application's own settings; {@code null} means {@link #defaults()}
   * @throws InvalidMonitoringConfigException with the message {@code invalid monitoring
   *     configuration: <reason>}
   */
  public static MonitoringConfig loadWithEnv(MonitoringConfig base) {
    return loadWithEnv(base, System::getenv);
  }

  static MonitoringConfig loadWithEnv(MonitoringConfig base, Function<String, String> env) {
    Builder builder = (base == null ? DEFAULTS : base).toBuilder();
    if (builder.path.isEmpty()) {
      builder.path(DEFAULT_PATH); // as the original: an empty application path means the default
    }
    try {
      String enabled = env.apply("MONITORING_ENABLED");
      if (enabled != null && !enabled.isEmpty()) {
        builder.enabled(parseBoolean("MONITORING_ENABLED", enabled));
      }
      String path = env.apply("MONITORING_PATH");
      if (path != null && !path.isEmpty()) {
        builder.path(path);
      }
      MonitoringConfig config = builder.build();
      config.validate();
      return config;
    } catch (InvalidMonitoringConfigException e) {
      throw new InvalidMonitoringConfigException(
          "invalid monitoring configuration: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the settings from a key-value source such as MicroProfile Config; a missing key keeps its
   * default. The result is validated.
   *
   * <pre>{@code
   * Config mp = ConfigProvider.getConfig();
   * MonitoringConfig config =
   *     MonitoringConfig.fromSource(key -> mp.getOptionalValue(key, String.class).orElse(null));
   * }</pre>
   *
   * @throws InvalidMonitoringConfigException naming the key and value at fault
   */
  public static MonitoringConfig fromSource(Function<String, String> source) {
    Source in = new Source(source);
    MonitoringConfig config = builder()
        .enabled(in.bool(ENABLED_KEY, false))
        .path(in.string(PATH_KEY, DEFAULT_PATH))
        .httpExclude(Arrays.asList(in.string(HTTP_EXCLUDE_KEY, "").split(",")))
        .required(in.bool(REQUIRED_KEY, false))
        .systemEnabled(in.bool(SYSTEM_ENABLED_KEY, true))
        .jvmEnabled(in.bool(JVM_ENABLED_KEY, true))
        .buildVersion(in.string(BUILD_VERSION_KEY, null))
        .buildCommit(in.string(BUILD_COMMIT_KEY, null))
        .dispatchersInReadiness(in.bool(READINESS_DISPATCHERS_KEY, true))
        .nativeHistograms(in.bool(HISTOGRAMS_NATIVE_KEY, false))
        .authRole(in.string(AUTH_ROLE_KEY, null))
        .authToken(in.string(AUTH_TOKEN_KEY, null))
        .tracingEnabled(in.bool(TRACING_ENABLED_KEY, false))
        .httpEnabled(in.bool(HTTP_ENABLED_KEY, true))
        .httpConventions(HttpConventions.parse(HTTP_CONVENTIONS_KEY, in.string(HTTP_CONVENTIONS_KEY, "compozy")))
        .build();
    config.validate();
    return config;
  }

  /**
   * What {@link #required()} says in {@code source}, for a service whose configuration could not be
   * read as a whole: an unreadable value counts as required, so a broken setup is not reported ready.
   */
  public static boolean requiredIn(Function<String, String> source) {
    try {
      return new Source(source).bool(REQUIRED_KEY, false);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * The one boolean parser: true/false, 1/0, yes/no and on/off in any case. Anything else is an
   * error rather than silently ignored: a typo in {@code MONITORING_ENABLED} must not switch
   * monitoring off unnoticed.
   */
  static boolean parseBoolean(String key, String raw) {
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw new InvalidMonitoringConfigException(
            key + " must be one of true/false, 1/0, yes/no, on/off: got '" + raw + "'");
    }
  }

  @Override
  public String toString() {
    return "MonitoringConfig{enabled=" + enabled + ", path=" + path
        + (httpExclude.isEmpty() ? "" : ", httpExclude=" + httpExclude)
        + (required ? ", required" : "")
        + (systemEnabled ? "" : ", system off")
        + (jvmEnabled ? "" : ", jvm off")
        + (dispatchersInReadiness ? "" : ", dispatchers not in readiness")
        + (nativeHistograms ? ", native histograms" : "")
        + authRole.map(role -> ", role " + role).orElse("")
        + (authToken.isPresent() ? ", token" : "")
        + (tracingEnabled ? ", tracing" : "")
        + (httpEnabled ? "" : ", http off")
        + (httpConventions == HttpConventions.COMPOZY ? "" : ", http conventions " + httpConventions.name().toLowerCase(Locale.ROOT))
        + "}";
  }

  private record Source(Function<String, String> source) {
    String string(String key, String defaultValue) {
      String raw = source.apply(key);
      return raw == null ? defaultValue : raw;
    }

    boolean bool(String key, boolean defaultValue) {
      String raw = source.apply(key);
      return raw == null ? defaultValue : parseBoolean(key, raw);
    }
  }

  /** Builds a {@link MonitoringConfig}; {@link #build()} does not validate. */
  public static final class Builder {
    private boolean enabled;
    private String path = DEFAULT_PATH;
    private List<String> httpExclude = List.of();
    private boolean required;
    private boolean systemEnabled = true;
    private boolean jvmEnabled = true;
    private String buildVersion;
    private String buildCommit;
    private boolean dispatchersInReadiness = true;
    private boolean nativeHistograms;
    private String authRole;
    private String authToken;
    private boolean tracingEnabled;
    private boolean httpEnabled = true;
    private HttpConventions httpConventions = HttpConventions.COMPOZY;

    private Builder() {}

    private Builder(MonitoringConfig config) {
      enabled = config.enabled;
      path = config.path;
      httpExclude = config.httpExclude;
      required = config.required;
      systemEnabled = config.systemEnabled;
      jvmEnabled = config.jvmEnabled;
      buildVersion = config.buildVersion.orElse(null);
      buildCommit = config.buildCommit.orElse(null);
      dispatchersInReadiness = config.dispatchersInReadiness;
      nativeHistograms = config.nativeHistograms;
      authRole = config.authRole.orElse(null);
      authToken = config.authToken.orElse(null);
      tracingEnabled = config.tracingEnabled;
      httpEnabled = config.httpEnabled;
      httpConventions = config.httpConventions;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** The scrape path; surrounding whitespace is removed, {@code null} counts as empty. */
    public Builder path(String path) {
      this.path = path == null ? "" : path.trim();
      return this;
    }

    /** See {@link MonitoringConfig#httpExclude()}; entries are trimmed and blanks dropped. */
    public Builder httpExclude(Collection<String> entries) {
      this.httpExclude = List.copyOf(entries);
      return this;
    }

    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    public Builder systemEnabled(boolean systemEnabled) {
      this.systemEnabled = systemEnabled;
      return this;
    }

    public Builder jvmEnabled(boolean jvmEnabled) {
      this.jvmEnabled = jvmEnabled;
      return this;
    }

    /** Kept verbatim; blank means unset. */
    public Builder buildVersion(String version) {
      this.buildVersion = version;
      return this;
    }

    /** Kept verbatim; blank means unset. */
    public Builder buildCommit(String commit) {
      this.buildCommit = commit;
      return this;
    }

    /** See {@link MonitoringConfig#dispatchersInReadiness()}. */
    public Builder dispatchersInReadiness(boolean dispatchersInReadiness) {
      this.dispatchersInReadiness = dispatchersInReadiness;
      return this;
    }

    public Builder nativeHistograms(boolean nativeHistograms) {
      this.nativeHistograms = nativeHistograms;
      return this;
    }

    /** Trimmed; blank means unset. */
    public Builder authRole(String role) {
      this.authRole = role;
      return this;
    }

    /** Trimmed; blank means unset. */
    public Builder authToken(String token) {
      this.authToken = token;
      return this;
    }

    public Builder tracingEnabled(boolean tracingEnabled) {
      this.tracingEnabled = tracingEnabled;
      return this;
    }

    /** See {@link MonitoringConfig#httpEnabled()}. */
    public Builder httpEnabled(boolean httpEnabled) {
      this.httpEnabled = httpEnabled;
      return this;
    }

    /** See {@link MonitoringConfig#httpConventions()}. */
    public Builder httpConventions(HttpConventions httpConventions) {
      this.httpConventions = Objects.requireNonNull(httpConventions, "httpConventions");
      return this;
    }

    public MonitoringConfig build() {
      return new MonitoringConfig(enabled, path, httpExclude, required, systemEnabled, jvmEnabled,
          Optional.ofNullable(buildVersion), Optional.ofNullable(buildCommit), dispatchersInReadiness,
          nativeHistograms, Optional.ofNullable(authRole), Optional.ofNullable(authToken), tracingEnabled,
          httpEnabled, httpConventions);
    }
  }
}
