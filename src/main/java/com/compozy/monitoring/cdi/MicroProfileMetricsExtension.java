package com.compozy.monitoring.cdi;

import com.compozy.monitoring.cdi.mpmetrics.Beans;
import com.compozy.monitoring.mpmetrics.MicroProfileMetricsPresence;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.InterceptorBinding;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides once per deployment whether the library implements MicroProfile Metrics (see
 * {@link MicroProfileMetricsPresence}) and says so in the log. Only then are the beans of
 * {@code cdi.mpmetrics} added and classes with {@code @Gauge} methods bound; otherwise no class
 * that needs the MicroProfile Metrics API is loaded, so a WAR without it deploys as before and a
 * runtime with its own implementation keeps the annotations to itself. Nothing here may name a
 * MicroProfile Metrics type: the container reflects on this class in every application.
 */
public class MicroProfileMetricsExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(MicroProfileMetricsExtension.class.getName());

  private boolean active;

  void decide(@Observes BeforeBeanDiscovery discovery) {
    MicroProfileMetricsPresence presence =
        MicroProfileMetricsPresence.of(MicroProfileMetricsExtension.class.getClassLoader());
    switch (presence.state()) {
      case APPLICATION -> {
        Beans.addTo(discovery);
        active = true;
        LOG.log(Level.INFO, "Monitoring records MicroProfile Metrics (@Counted, @Timed, @Gauge, @Metric, "
            + "MetricRegistry) through OpenTelemetry at its scrape endpoint: the application ships the API, so no "
            + "MicroProfile Metrics of the runtime sees its annotations ({0})", presence.toString());
      }
      case RUNTIME -> LOG.log(Level.INFO, "Monitoring left MicroProfile Metrics (@Counted, @Timed, @Gauge, "
          + "@Metric, MetricRegistry) to the runtime, which provides them ({0}): those metrics are at the "
          + "runtime''s metrics endpoint, not at the library''s", presence.toString());
      case ABSENT -> LOG.fine("No MicroProfile Metrics API in the application: no MicroProfile Metrics beans");
    }
  }

  /**
   * Only types with an interceptor binding somewhere, {@code @Gauge} being one (the API meta-annotates
   * it with {@code @InterceptorBinding}), so this class names no MicroProfile Metrics type. An
   * observer of every type made Weld log WELD-000411 with this observer as the record's parameter,
   * and Open Liberty's soft-held recent log records then kept each undeployed application loaded.
   */
  void bindGauges(@Observes @WithAnnotations(InterceptorBinding.class) ProcessAnnotatedType<?> type) {
    if (active) {
      Beans.bindGauges(type);
    }
  }
}
