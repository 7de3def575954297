package com.compozy.monitoring.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
  public static final String DEFAULT_PATH = "/metrics";

  private static final MonitoringConfig DEFAULTS = new Builder().build();

  private final boolean enabled;
  private final String path;
  private final List<String> httpExclude;

  private MonitoringConfig(Builder builder) {
    this.enabled = builder.enabled;
    this.path = builder.path;
    this.httpExclude = List.copyOf(builder.httpExclude);
  }

  /** Disabled, scraped at {@value #DEFAULT_PATH}. */
  public static MonitoringConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().enabled(enabled).path(path).httpExclude(httpExclude);
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
    MonitoringConfig config = builder.build();
    config.validate();
    return config;
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
        && httpExclude.equals(other.httpExclude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, path, httpExclude);
  }

  @Override
  public String toString() {
    return "MonitoringConfig{enabled=" + enabled + ", path=" + path
        + (httpExclude.isEmpty() ? "" : ", httpExclude=" + httpExclude) + "}";
  }

  /** Builds a {@link MonitoringConfig}; {@link #build()} does not validate. */
  public static final class Builder {
    private boolean enabled;
    private String path = DEFAULT_PATH;
    private List<String> httpExclude = List.of();

    private Builder() {}

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
