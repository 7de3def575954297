package com.compozy.monitoring.export;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.system.ApplicationManifests;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers the scrape endpoint at {@code monitoring.path} when the web application starts, so the
 * application needs no {@code web.xml} entry. The servlet is registered whether or not monitoring
 * is enabled: a disabled or degraded service answers 503, which tells a scraper why it gets nothing.
 * An invalid path registers nothing and says so in the log; the application itself is unaffected.
 */
public final class MetricsEndpointInitializer implements ServletContainerInitializer {
  static final String SERVLET_NAME = "compozy-monitoring-metrics";
  private static final Logger LOG = Logger.getLogger(MetricsEndpointInitializer.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    ApplicationManifests.remember(context);
    String path;
    try {
      Config config = ConfigProvider.getConfig(context.getClassLoader());
      path = MonitoringConfig.fromSource(key -> config.getOptionalValue(key, String.class).orElse(null))
          .path();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "Monitoring scrape endpoint not registered for {0}: {1}",
          new Object[] {context.getContextPath(), e.getMessage()});
      return;
    }
    ServletRegistration.Dynamic registration = context.addServlet(SERVLET_NAME, new MetricsServlet());
    if (registration == null) {
      return; // registered already: the library is on the classpath twice
    }
    Set<String> conflicts = registration.addMapping(path);
    if (!conflicts.isEmpty()) {
      LOG.log(Level.SEVERE,
          "Monitoring scrape endpoint not registered: {0} is already mapped to another servlet", path);
      return;
    }
    LOG.log(Level.INFO, "Monitoring scrape endpoint at {0}{1}",
        new Object[] {context.getContextPath(), path});
  }
}
