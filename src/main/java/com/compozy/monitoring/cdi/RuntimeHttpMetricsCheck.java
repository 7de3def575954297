package com.compozy.monitoring.cdi;

import com.compozy.monitoring.http.RuntimeHttpMetrics;
import com.compozy.monitoring.http.RuntimeHttpMetrics.Server;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks the container and the JVM, once as the application starts, what else records its HTTP server
 * metrics ({@link RuntimeHttpMetrics}); logs one line when something does, and keeps the answer for
 * the {@code monitoring} readiness data. Never fails the deployment: what cannot be asked counts as
 * absent.
 */
@ApplicationScoped
class RuntimeHttpMetricsCheck {
  private static final Logger LOG = Logger.getLogger(RuntimeHttpMetricsCheck.class.getName());
  private static final String AGENT_CLASS = "io/opentelemetry/javaagent/OpenTelemetryAgent.class";

  @Inject BeanManager beans;
  @Inject MonitoringService service;

  private RuntimeHttpMetrics found = RuntimeHttpMetrics.none();

  @PostConstruct
  void detect() {
    try {
      found = RuntimeHttpMetrics.detect(facts(Thread.currentThread().getContextClassLoader()));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Could not ask the runtime whether it records HTTP server metrics", e);
    }
    String advice = found.advice(service.config());
    if (!advice.isEmpty()) {
      LOG.log(service.config().enabled() && service.config().httpEnabled() ? Level.WARNING : Level.INFO, advice);
    }
  }

  /** Detects as the application starts rather than at the first readiness call. */
  void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    found();
  }

  RuntimeHttpMetrics found() {
    return found;
  }

  private RuntimeHttpMetrics.Facts facts(ClassLoader application) {
    List<String> arguments;
    try {
      arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | LinkageError e) {
      arguments = List.of();
    }
    int telemetry = 0;
    boolean metrics = false;
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      if (bean.getBeanClass().getName().startsWith("com.compozy.monitoring.")) {
        continue; // ours, not the runtime's
      }
      for (Type type : bean.getTypes()) {
        if (type instanceof Class<?> c) {
          if (c.getName().equals("io.opentelemetry.api.OpenTelemetry") && c != OpenTelemetry.class) {
            telemetry = Math.max(telemetry, telemetryVersion(c));
          } else if (c.getName().equals("org.eclipse.microprofile.metrics.MetricRegistry")) {
            metrics = true;
          }
        }
      }
    }
    return new RuntimeHttpMetrics.Facts(server(application), arguments, System::getProperty, System::getenv,
        ClassLoader.getSystemClassLoader().getResource(AGENT_CLASS) != null, telemetry, metrics);
  }

  /** MicroProfile Telemetry 2 requires an OpenTelemetry API with {@code LongGauge} (1.38+); 1.x has none. */
  private static int telemetryVersion(Class<?> runtimeOpenTelemetry) {
    try {
      Class.forName("io.opentelemetry.api.metrics.LongGauge", false, runtimeOpenTelemetry.getClassLoader());
      return 2;
    } catch (ClassNotFoundException | LinkageError e) {
      return 1;
    }
  }

  private static Server server(ClassLoader application) {
    for (ClassLoader loader = application; loader != null; loader = loader.getParent()) {
      String name = loader.getClass().getName();
      if (name.startsWith("com.ibm.ws.")) {
        return Server.OPEN_LIBERTY;
      }
      if (name.startsWith("org.glassfish.") || name.startsWith("fish.payara.") || name.startsWith("com.sun.enterprise.")) {
        return Server.PAYARA;
      }
    }
    return Server.OTHER;
  }
}
