package com.compozy.monitoring.service;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.CodeSource;
import java.util.Properties;

/**
 * Detects an application server that exports its own OpenTelemetry classes ahead of the WAR's:
 * Payara Micro 6 (1.29) and Liberty's mpTelemetry (1.48). Mixed versions otherwise surface as a
 * {@code NoSuchMethodError} on every request.
 */
final class OtelCompatibility {
  static final String BUILT_WITH = buildProperties().getProperty("otel.version", "unknown");
  static final String LIBRARY_VERSION = buildProperties().getProperty("version", "unknown");

  private static final String ADVICE =
      "The application server provides its own OpenTelemetry classes ahead of the application's."
          + " Make the server load the WAR's classes first: on Payara add WEB-INF/glassfish-web.xml"
          + " with <class-loader delegate=\"false\"/>; on Open Liberty add"
          + " <classloader delegation=\"parentLast\"/> to the application in server.xml.";

  private OtelCompatibility() {}

  /** Throws when the OpenTelemetry jars seen at run time are not the version this library needs. */
  static void check() {
    requireVersion(OpenTelemetry.class, BUILT_WITH);
    requireVersion(OpenTelemetrySdk.class, BUILT_WITH);
    requireVersion(SdkMeterProvider.class, BUILT_WITH);
  }

  static MonitoringInitializationException linkageFailure(LinkageError error) {
    return new MonitoringInitializationException(
        "OpenTelemetry classes do not match the ones this library was built with ("
            + BUILT_WITH + "): " + error + ". " + ADVICE,
        error);
  }

  static void requireVersion(Class<?> type, String expected) {
    Package pkg = type.getPackage();
    String found = pkg == null ? null : pkg.getImplementationVersion();
    if (found == null || "unknown".equals(expected) || found.equals(expected)) {
      return; // repackaged jars carry no version: the linkage check in build() still guards
    }
    throw new MonitoringInitializationException(
        "OpenTelemetry version clash: this library needs " + expected + " but " + type.getName()
            + " is " + found + " from " + location(type) + ". " + ADVICE,
        null);
  }

  private static String location(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      return source == null || source.getLocation() == null
          ? String.valueOf(type.getClassLoader())
          : source.getLocation().toString();
    } catch (SecurityException e) {
      return String.valueOf(type.getClassLoader());
    }
  }

  private static Properties buildProperties() {
    Properties properties = new Properties();
    try (InputStream in = OtelCompatibility.class.getResourceAsStream("monitoring-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
