package com.compozy.monitoring.cdi;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.export.prometheus.PrometheusScrapeServlet;
import com.compozy.monitoring.http.HttpMetricsServletFilter;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the web application starts with monitoring enabled, registers the scrape servlet at
 * {@code monitoring.path} and the HTTP metrics filter in front of every request, so the application
 * needs no {@code web.xml} entry. Both find the service through CDI at their first request, since
 * CDI may not be up yet. With monitoring disabled nothing is registered: the path belongs to the
 * application. With {@code monitoring.http.enabled=false} the filter is not registered (the scrape
 * servlet is). Enabled but degraded (a clash, a failed start) the servlet answers 503. An invalid
 * setting, or a container refusing the registration, registers nothing and says so in the log; the
 * application itself is never affected.
 */
@HandlesTypes({Path.class, ApplicationPath.class})
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
    if (!config.enabled()) {
      LOG.log(Level.FINE, "Monitoring disabled for {0}: no scrape endpoint, {1} is the application''s",
          new Object[] {context.getContextPath(), config.path()});
      return;
    }
    try {
      registerScrapeServlet(context, config, classes);
    } catch (RuntimeException | LinkageError e) {
      // a container may refuse a mapping or a constraint with an exception: the application must deploy anyway
      LOG.log(Level.SEVERE, "Monitoring scrape endpoint not registered at {0}{1}: the container refused it: {2}",
          new Object[] {context.getContextPath(), config.path(), e.toString()});
    }
    if (!config.httpEnabled()) {
      LOG.log(Level.INFO, "HTTP metrics off for {0} ({1}=false): no HTTP filter registered",
          new Object[] {context.getContextPath(), MonitoringConfig.HTTP_ENABLED_KEY});
      return;
    }
    try {
      registerHttpFilter(context, config);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "HTTP metrics filter not registered for {0}: the container refused it: {1}",
          new Object[] {context.getContextPath(), e.toString()});
    }
  }

  private static void registerScrapeServlet(ServletContext context, MonitoringConfig config, Set<Class<?>> classes) {
    // with a role, nothing is served until the container has taken the constraint: fail closed
    AtomicBoolean guarded = new AtomicBoolean(config.authRole().isEmpty());
    ServletRegistration.Dynamic registration = context.addServlet(SERVLET_NAME, new PrometheusScrapeServlet(
        () -> guarded.get() ? MonitoringLookup.current().flatMap(MonitoringService::prometheusRegistry)
            : Optional.empty(),
        config.authToken().orElse(null)));
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
    if (config.authRole().isPresent()) {
      String role = config.authRole().get();
      try {
        context.declareRoles(role);
        registration.setServletSecurity(new ServletSecurityElement(new HttpConstraintElement(
            ServletSecurity.TransportGuarantee.NONE, role)));
        guarded.set(true);
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.SEVERE, "Monitoring scrape endpoint at {0}{1} answers 503: the container refused to"
            + " constrain it to role {2}: {3}", new Object[] {context.getContextPath(), config.path(), role, e.toString()});
        return;
      }
    }
    LOG.log(Level.INFO, "Monitoring scrape endpoint at {0}{1}{2}", new Object[] {context.getContextPath(),
        config.path(), protection(config)});
    ScrapePathOwners.warnIfTaken(classes, context.getContextPath(), config.path());
  }

  private static String protection(MonitoringConfig config) {
    String role = config.authRole().map(r -> "role " + r).orElse(null);
    String token = config.authToken().isPresent() ? "bearer token" : null;
    if (role == null && token == null) {
      return " (open: set monitoring.auth.role or monitoring.auth.token to protect it)";
    }
    return " (protected by " + (role == null ? token : token == null ? role : role + " and " + token) + ")";
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
