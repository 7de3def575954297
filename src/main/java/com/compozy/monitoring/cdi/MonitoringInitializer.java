package com.compozy.monitoring.cdi;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.export.prometheus.PrometheusScrapeServlet;
import com.compozy.monitoring.http.HttpMetricsServletFilter;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the web application starts, registers the scrape servlet at {@code monitoring.path} and,
 * with monitoring enabled, the HTTP metrics filter in front of every request, so the application
 * needs no {@code web.xml} entry. Both find the service through CDI at their first request, since
 * CDI may not be up yet. The servlet is registered whether or not monitoring is enabled: a disabled
 * or degraded service answers 503, which tells a scraper why it gets nothing. An invalid setting
 * registers nothing and says so in the log; the application itself is unaffected.
 */
public final class MonitoringInitializer implements ServletContainerInitializer {
  static final String SERVLET_NAME = "compozy-monitoring-metrics";
  static final String FILTER_NAME = "compozy-monitoring-http";
  private static final Logger LOG = Logger.getLogger(MonitoringInitializer.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    MonitoringConfig config;
    try {
      config = MicroProfileSettings.read(context.getClassLoader());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "Monitoring scrape endpoint not registered for {0}: {1}",
          new Object[] {context.getContextPath(), e.getMessage()});
      return;
    }
    registerScrapeServlet(context, config);
    if (config.enabled()) {
      registerHttpFilter(context, config);
    }
  }

  private static void registerScrapeServlet(ServletContext context, MonitoringConfig config) {
    ServletRegistration.Dynamic registration = context.addServlet(SERVLET_NAME, new PrometheusScrapeServlet(
        () -> MonitoringLookup.current().flatMap(MonitoringService::prometheusRegistry)));
    if (registration == null) {
      return; // registered already: the library is on the classpath twice
    }
    Set<String> conflicts = registration.addMapping(config.path());
    if (!conflicts.isEmpty()) {
      LOG.log(Level.SEVERE,
          "Monitoring scrape endpoint not registered: {0} is already mapped to another servlet",
          config.path());
      return;
    }
    LOG.log(Level.INFO, "Monitoring scrape endpoint at {0}{1}",
        new Object[] {context.getContextPath(), config.path()});
  }

  private static void registerHttpFilter(ServletContext context, MonitoringConfig config) {
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
