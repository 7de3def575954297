package com.compozy.monitoring.cdi;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.system.BuildInfo;
import com.compozy.monitoring.system.SystemMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Owns the application's one {@link MonitoringService}: built from MicroProfile Config when the
 * application starts (with fallback, so a bad setting never stops the deployment) and shut down,
 * with every feature bound to it, when it stops.
 */
@ApplicationScoped
class MonitoringBootstrap {
  private static final Logger LOG = Logger.getLogger(MonitoringBootstrap.class.getName());

  @Inject Instance<ServletContext> servletContext;

  private MonitoringService service;

  @PostConstruct
  void start() {
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    MonitoringService.Builder builder = MonitoringService.builder().defaultServiceName(applicationName());
    Function<String, String> settings;
    Map<String, String> otel;
    try {
      settings = MicroProfileSettings.source(application);
      otel = MicroProfileSettings.otelProperties(application);
    } catch (IllegalStateException e) {
      service = builder.buildDegraded(e);
      return;
    }
    service = builder.configSource(settings).otelProperties(otel).buildWithFallback();
    if (service.isInitialized()) {
      MonitoringConfig config = service.config();
      // the manifest is read at the first scrape: Payara starts CDI before the web application
      SystemMetrics.of(service, () -> BuildInfo.resolve(config, application, manifest()));
    }
    // a string, not the service: a runtime may keep recent log records (Open Liberty does, softly),
    // and a record's parameters would keep the undeployed application's classes loaded
    LOG.log(Level.INFO, "Monitoring started: {0}", service.toString());
  }

  /** Builds the service as the application starts rather than at the first injection. */
  void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    service();
  }

  @PreDestroy
  void stop() {
    if (service != null) {
      service.shutdown();
    }
  }

  MonitoringService service() {
    return service;
  }

  private Manifest manifest() {
    try {
      return servletContext.isResolvable() ? WebApplicationManifest.read(servletContext.get()) : null;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "No servlet context for the application manifest", e);
      return null;
    }
  }

  private static String applicationName() {
    try {
      return InitialContext.doLookup("java:app/AppName");
    } catch (NamingException | RuntimeException e) {
      return null;
    }
  }
}
