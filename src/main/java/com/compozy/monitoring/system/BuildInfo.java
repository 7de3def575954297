package com.compozy.monitoring.system;

import com.compozy.monitoring.config.MonitoringConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Objects;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The labels of {@code compozy_system_build_info}: the application's version and commit and the
 * Java runtime's version. Values are kept verbatim ({@code v1.2.3-beta+build.456}); what cannot be
 * found is {@value #UNKNOWN}.
 *
 * @param version the application's version
 * @param commitHash the commit it was built from
 * @param javaVersion {@link Runtime#version()}, the Java counterpart of the original's Go version
 */
public record BuildInfo(String version, String commitHash, String javaVersion) {
  public static final String UNKNOWN = "unknown";

  private static final Logger LOG = Logger.getLogger(BuildInfo.class.getName());

  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commitHash, "commitHash");
    Objects.requireNonNull(javaVersion, "javaVersion");
  }

  /** Explicit values with the running Java version. */
  public static BuildInfo of(String version, String commitHash) {
    return new BuildInfo(orUnknown(version), orUnknown(commitHash), Runtime.version().toString());
  }

  /**
   * Finds the application's version and commit, first match wins.
   *
   * <ul>
   *   <li>version: {@link MonitoringConfig#buildVersion()}; {@code Implementation-Version} of
   *       {@code applicationManifest}; of a {@code META-INF/MANIFEST.MF} that {@code loader} finds
   *       in a directory (an exploded application, never a library jar, whose version would be
   *       wrong); {@code git.build.version} of {@code loader}'s {@code git.properties}.
   *   <li>commit: {@link MonitoringConfig#buildCommit()}; {@code git.commit.id},
   *       {@code git.commit.id.full}, then {@code git.commit.id.abbrev} of {@code git.properties}
   *       (as written by git-commit-id-maven-plugin).
   * </ul>
   *
   * <p>In a WAR the manifest is not on the class path: pass
   * {@code new Manifest(servletContext.getResourceAsStream("/META-INF/MANIFEST.MF"))}, or set the
   * config keys. Never throws; unreadable sources are skipped.
   *
   * @param config the settings; may be null
   * @param loader the application's class loader; may be null
   * @param applicationManifest the application's own manifest; may be null
   */
  public static BuildInfo resolve(MonitoringConfig config, ClassLoader loader, Manifest applicationManifest) {
    String version = config == null ? null : config.buildVersion().map(String::trim).orElse(null);
    String commit = config == null ? null : config.buildCommit().map(String::trim).orElse(null);
    if (version == null) {
      version = implementationVersion(applicationManifest);
    }
    if (version == null && loader != null) {
      version = implementationVersion(directoryManifest(loader));
    }
    if (version == null || commit == null) {
      Properties git = gitProperties(loader);
      if (version == null) {
        version = nonBlank(git.getProperty("git.build.version"));
      }
      if (commit == null) {
        commit = firstNonBlank(git.getProperty("git.commit.id"), git.getProperty("git.commit.id.full"),
            git.getProperty("git.commit.id.abbrev"));
      }
    }
    return of(version, commit);
  }

  private static String implementationVersion(Manifest manifest) {
    return manifest == null ? null
        : nonBlank(manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION));
  }

  private static Manifest directoryManifest(ClassLoader loader) {
    try {
      URL url = loader.getResource("META-INF/MANIFEST.MF");
      if (url == null || !"file".equals(url.getProtocol())) {
        return null;
      }
      try (InputStream in = url.openStream()) {
        return new Manifest(in);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the application manifest", e);
      return null;
    }
  }

  private static Properties gitProperties(ClassLoader loader) {
    Properties properties = new Properties();
    if (loader == null) {
      return properties;
    }
    try (InputStream in = loader.getResourceAsStream("git.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read git.properties", e);
    }
    return properties;
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (nonBlank(value) != null) {
        return value.trim();
      }
    }
    return null;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String orUnknown(String value) {
    String v = nonBlank(value);
    return v == null ? UNKNOWN : v;
  }
}
