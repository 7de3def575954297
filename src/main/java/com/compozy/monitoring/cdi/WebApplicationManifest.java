package com.compozy.monitoring.cdi;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The web application's own {@code META-INF/MANIFEST.MF}, which is not on its class path. */
final class WebApplicationManifest {
  private static final Logger LOG = Logger.getLogger(WebApplicationManifest.class.getName());
  private static final String PATH = "/META-INF/MANIFEST.MF";

  private WebApplicationManifest() {}

  /** The manifest, or null when there is none or it cannot be read. */
  static Manifest read(ServletContext context) {
    try (InputStream in = open(context)) {
      return in == null ? null : new Manifest(in);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the application manifest", e);
      return null;
    }
  }

  /** Payara answers null to getResourceAsStream under META-INF but gives the file's real path. */
  private static InputStream open(ServletContext context) throws IOException {
    InputStream in = context.getResourceAsStream(PATH);
    if (in != null) {
      return in;
    }
    String real = context.getRealPath(PATH);
    return real != null && Files.isRegularFile(Path.of(real)) ? Files.newInputStream(Path.of(real)) : null;
  }
}
