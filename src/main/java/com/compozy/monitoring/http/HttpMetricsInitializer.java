package com.compozy.monitoring.http;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringLookup;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts the HTTP metrics servlet filter in front of every request of an application with monitoring
 * enabled; when disabled nothing is registered, so requests pay nothing.
 */
public final class HttpMetricsInitializer implements ServletContainerInitializer {
  static final String FILTER_NAME = "compozy-monitoring-http";
  private static final Logger LOG = Logger.getLogger(HttpMetricsInitializer.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    MonitoringConfig config;
    try {
      Config mp = ConfigProvider.getConfig(context.getClassLoader());
      config = MonitoringConfig.fromSource(key -> mp.getOptionalValue(key, String.class).orElse(null));
    } catch (RuntimeException | LinkageError e) {
      return; // the scrape endpoint's initializer reports the configuration error
    }
    if (!config.enabled()) {
      return;
    }
    FilterRegistration.Dynamic filter =
        context.addFilter(FILTER_NAME, new HttpMetricsServletFilter(config, MonitoringLookup::current));
    if (filter == null) {
      return; // registered already: the library is on the classpath twice
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    LOG.log(Level.FINE, "HTTP metrics filter registered for {0}", context.getContextPath());
  }
}
