package com.compozy.monitoring.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Monitoring settings: whether metrics are collected and where they are scraped.
 *
 * <pre>{@code
 * MonitoringConfig config = MonitoringConfig.builder().enabled(true).path("/metrics").build();
 * config.validate();                                   // throws InvalidMonitoringConfigException
 * MonitoringConfig effective = MonitoringConfig.loadWithEnv(config); // MONITORING_* win
 * }</pre>
 *
 * <p>In a MicroProfile application the same settings are read from MicroProfile Config keys
 * {@code monitoring.enabled} and {@code monitoring.path}; MicroProfile Config maps them to the
 * environment variables {@code MONITORING_ENABLED} and {@code MONITORING_PATH}, which therefore
 * override the WAR's {@code microprofile-config.properties}.
 */
public final class MonitoringConfig {
  public static final String ENABLED_KEY = "monitoring.enabled";
  public static final String PATH_KEY = "monitoring.path";
  public static final String HTTP_EXCLUDE_KEY = "monitoring.http.exclude";
  public static final String REQUIRED_KEY = "monitoring.required";
  public static final String SYSTEM_ENABLED_KEY = "monitoring.system.enabled";
  public static final String JVM_ENABLED_KEY = "monitoring.jvm.enabled";
  public static final String BUILD_VERSION_KEY = "monitoring.build.version";
  public static final String BUILD_COMMIT_KEY = "monitoring.build.commit";
  public static final String DEFAULT_PATH = "/metrics";

  private static final MonitoringConfig DEFAULTS = new Builder().build();

  private final boolean enabled;
  private final String path;
  private final List<String> httpExclude;
  private final boolean required;
  private final boolean systemEnabled;
  private final boolean jvmEnabled;
  private final String buildVersion;
  private final String buildCommit;

  private MonitoringConfig(Builder builder) {
    this.enabled = builder.enabled;
    this.path = builder.path;
    this.httpExclude = List.copyOf(builder.httpExclude);
    this.required = builder.required;
    this.systemEnabled = builder.systemEnabled;
    this.jvmEnabled = builder.jvmEnabled;
    this.buildVersion = builder.buildVersion;
    this.buildCommit = builder.buildCommit;
  }

  /** Disabled, scraped at {@value #DEFAULT_PATH}. */
  public static MonitoringConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().enabled(enabled).path(path).httpExclude(httpExclude).required(required)
        .systemEnabled(systemEnabled).jvmEnabled(jvmEnabled).buildVersion(buildVersion).buildCommit(buildCommit);
  }

  public boolean enabled() {
    return enabled;
  }

  /** The scrape path, trimmed. */
  public String path() {
    return path;
  }

  /**
   * Requests not to measure: each entry is a route template ({@code /health/{check}}) or a path
   * relative to the context root ({@code /ping}); an entry ending in {@code *} matches paths by
   * prefix. Empty by default.
   */
  public List<String> httpExclude() {
    return httpExclude;
  }

  /**
   * Whether readiness needs monitoring running ({@value #REQUIRED_KEY}, default false): when false
   * a disabled or degraded service leaves the application ready, as the original's graceful
   * fallback intends.
   */
  public boolean required() {
    return required;
  }

  /** Build info and uptime ({@value #SYSTEM_ENABLED_KEY}, default true). */
  public boolean systemEnabled() {
    return systemEnabled;
  }

  /** JVM memory, GC, thread, class and CPU metrics ({@value #JVM_ENABLED_KEY}, default true). */
  public boolean jvmEnabled() {
    return jvmEnabled;
  }

  /** The {@code version} of build info when set ({@value #BUILD_VERSION_KEY}), verbatim. */
  public Optional<String> buildVersion() {
    return Optional.ofNullable(buildVersion);
  }

  /** The {@code commit_hash} of build info when set ({@value #BUILD_COMMIT_KEY}), verbatim. */
  public Optional<String> buildCommit() {
    return Optional.ofNullable(buildCommit);
  }

  /**
   * Checks the settings, in the original's order: the path must not be empty, must start with
   * {@code /}, must not be under {@code /api/} and must not contain a query. Runs whether or not
   * monitoring is enabled.
   *
   * @throws InvalidMonitoringConfigException naming the offending value
   */
  public void validate() {
    if (path.isEmpty()) {
      throw new InvalidMonitoringConfigException("monitoring path cannot be empty");
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
   * Reads the settings from a key-value source such as MicroProfile Config, keyed by
   * {@link #ENABLED_KEY} and {@link #PATH_KEY}; a missing key keeps its default. The result is
   * validated.
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
    Builder builder = builder();
    String enabled = source.apply(ENABLED_KEY);
    if (enabled != null) {
      builder.enabled(parseBoolean(ENABLED_KEY, enabled));
    }
    String path = source.apply(PATH_KEY);
    if (path != null) {
      builder.path(path);
    }
    String exclude = source.apply(HTTP_EXCLUDE_KEY);
    if (exclude != null) {
      builder.httpExclude(Arrays.asList(exclude.split(",")));
    }
    builder.required(readBoolean(source, REQUIRED_KEY, false));
    builder.systemEnabled(readBoolean(source, SYSTEM_ENABLED_KEY, true));
    builder.jvmEnabled(readBoolean(source, JVM_ENABLED_KEY, true));
    builder.buildVersion(source.apply(BUILD_VERSION_KEY));
    builder.buildCommit(source.apply(BUILD_COMMIT_KEY));
    MonitoringConfig config = builder.build();
    config.validate();
    return config;
  }

  private static boolean readBoolean(Function<String, String> source, String key, boolean defaultValue) {
    String raw = source.apply(key);
    return raw == null ? defaultValue : parseBoolean(key, raw);
  }

  /**
   * What {@link #required()} says in {@code source}, for a service whose configuration could not be
   * read as a whole: an unreadable value counts as required, so a broken setup is not reported ready.
   */
  public static boolean requiredIn(Function<String, String> source) {
    try {
      return readBoolean(source, REQUIRED_KEY, false);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * Accepts true/false, 1/0, yes/no and on/off in any case. Anything else is an error rather than
   * silently ignored: a typo in {@code MONITORING_ENABLED} must not switch monitoring off unnoticed.
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
  public boolean equals(Object o) {
    return o instanceof MonitoringConfig other
        && enabled == other.enabled
        && path.equals(other.path)
        && httpExclude.equals(other.httpExclude)
        && required == other.required
        && systemEnabled == other.systemEnabled
        && jvmEnabled == other.jvmEnabled
        && Objects.equals(buildVersion, other.buildVersion)
        && Objects.equals(buildCommit, other.buildCommit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, path, httpExclude, required, systemEnabled, jvmEnabled, buildVersion, buildCommit);
  }

  @Override
  public String toString() {
    return "MonitoringConfig{enabled=" + enabled + ", path=" + path
        + (httpExclude.isEmpty() ? "" : ", httpExclude=" + httpExclude)
        + (required ? ", required" : "")
        + (systemEnabled ? "" : ", system off")
        + (jvmEnabled ? "" : ", jvm off") + "}";
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

    private Builder() {}

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
      this.buildVersion = version == null || version.isBlank() ? null : version;
      return this;
    }

    /** Kept verbatim; blank means unset. */
    public Builder buildCommit(String commit) {
      this.buildCommit = commit == null || commit.isBlank() ? null : commit;
      return this;
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
      this.httpExclude = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
      return this;
    }

    public MonitoringConfig build() {
      return new MonitoringConfig(this);
    }
  }
}
