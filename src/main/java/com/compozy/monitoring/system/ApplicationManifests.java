package com.compozy.monitoring.system;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web application's own {@code META-INF/MANIFEST.MF}, which is not on its class path: read
 * through the servlet context when the application starts, for {@link BuildInfo}. Held statically
 * because the library's classes belong to the one application that bundles them (a library shared
 * by several applications reports the last one started).
 */
public final class ApplicationManifests {
  private static final Logger LOG = Logger.getLogger(ApplicationManifests.class.getName());
  private static volatile Manifest current;

  private ApplicationManifests() {}

  public static void remember(ServletContext context) {
    try (InputStream in = open(context)) {
      current = in == null ? null : new Manifest(in);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the application manifest", e);
    }
  }

  /** Payara answers null to getResourceAsStream under META-INF but gives the file's real path. */
  private static InputStream open(ServletContext context) throws IOException {
    InputStream in = context.getResourceAsStream("/META-INF/MANIFEST.MF");
    if (in != null) {
      return in;
    }
    String real = context.getRealPath("/META-INF/MANIFEST.MF");
    return real != null && Files.isRegularFile(Path.of(real)) ? Files.newInputStream(Path.of(real)) : null;
  }

  /** The manifest of the application that started last, or null. */
  public static Manifest current() {
    return current;
  }
}
