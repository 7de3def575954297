package com.compozy.monitoring.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader autoconfigure looks its SPI implementations up with: the library's own, minus
 * the service files whose providers it cannot load as implementations of its own service types. A
 * runtime that brings its own OpenTelemetry (Payara Micro, Liberty's mpTelemetry) lists its
 * providers through the application's class loader too, and {@code ServiceLoader} would fail on
 * the first one that is missing or of the runtime's copy of the interface.
 */
final class OwnServices extends ClassLoader {
  private static final String SERVICES = "META-INF/services/";

  OwnServices(ClassLoader own) {
    super(own);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Enumeration<URL> all = getParent().getResources(name);
    if (!name.startsWith(SERVICES)) {
      return all;
    }
    Class<?> service;
    try {
      service = Class.forName(name.substring(SERVICES.length()), false, getParent());
    } catch (ClassNotFoundException | LinkageError e) {
      return all;
    }
    List<URL> usable = new ArrayList<>();
    for (URL url : Collections.list(all)) {
      if (providersImplement(url, service)) {
        usable.add(url);
      }
    }
    return Collections.enumeration(usable);
  }

  private boolean providersImplement(URL url, Class<?> service) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String provider = line.replaceAll("#.*", "").trim();
        if (!provider.isEmpty() && !service.isAssignableFrom(Class.forName(provider, false, getParent()))) {
          return false;
        }
      }
      return true;
    } catch (IOException | ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
