package com.compozy.monitoring.service;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.system.ApplicationManifests;
import com.compozy.monitoring.system.BuildInfo;
import com.compozy.monitoring.system.SystemMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Owns the application's one {@link MonitoringService}: built from MicroProfile Config when the
 * application starts (with fallback, so a bad setting never stops the deployment) and shut down when
 * it stops.
 */
@ApplicationScoped
class MonitoringBootstrap {
  private static final Logger LOG = Logger.getLogger(MonitoringBootstrap.class.getName());

  private MonitoringService service;
  private SystemMetrics systemMetrics;

  @PostConstruct
  void start() {
    MonitoringService.Builder builder = MonitoringService.builder().defaultServiceName(applicationName());
    try {
      Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
      builder.configSource(key -> config.getOptionalValue(key, String.class).orElse(null));
    } catch (RuntimeException | LinkageError e) {
      service = degraded(new IllegalStateException(
          "MicroProfile Config is not available (enable mpConfig on the server): " + e, e));
      return;
    }
    service = builder.buildWithFallback();
    if (service.isInitialized()) {
      ClassLoader application = Thread.currentThread().getContextClassLoader();
      MonitoringConfig config = service.config();
      systemMetrics = SystemMetrics.register(service,
          () -> BuildInfo.resolve(config, application, ApplicationManifests.current()));
    }
    LOG.log(Level.INFO, "Monitoring started: {0}", service);
  }

  /** Builds the service as the application starts rather than at the first injection. */
  void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    service();
  }

  @PreDestroy
  void stop() {
    if (systemMetrics != null) {
      systemMetrics.close();
    }
    if (service != null) {
      service.shutdown();
    }
  }

  MonitoringService service() {
    return service;
  }

  private static MonitoringService degraded(Throwable cause) {
    LOG.log(Level.WARNING, "Failed to initialize monitoring, using no-op implementation: {0}",
        cause.getMessage());
    return MonitoringService.builder().config(null).degraded(cause);
  }

  private static String applicationName() {
    try {
      return InitialContext.doLookup("java:app/AppName");
    } catch (NamingException | RuntimeException e) {
      return null;
    }
  }
}
