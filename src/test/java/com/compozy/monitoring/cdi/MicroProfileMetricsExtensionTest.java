package com.compozy.monitoring.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.cdi.mpmetrics.CountedInterceptor;
import com.compozy.monitoring.cdi.mpmetrics.GaugeInterceptor;
import com.compozy.monitoring.cdi.mpmetrics.MetricProducers;
import com.compozy.monitoring.cdi.mpmetrics.TimedInterceptor;
import com.compozy.monitoring.testing.LogCapture;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The extension's decision where the API sits beside the library (the test class path: as in a WAR
 * that ships it). The other layouts are {@code MicroProfileMetricsPresenceTest}'s; the ITs run the
 * extension on Liberty with and without {@code mpMetrics}, and every other IT's WAR lacks the API.
 */
class MicroProfileMetricsExtensionTest {
  @Test
  void withTheApiBesideTheLibraryItAddsTheBeansAndSaysSoOnce() {
    List<Class<?>> added = new ArrayList<>();
    BeforeBeanDiscovery discovery = (BeforeBeanDiscovery) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {BeforeBeanDiscovery.class}, (proxy, method, args) -> {
          if (method.getName().equals("addAnnotatedType") && args.length == 2 && args[0] instanceof Class<?> type) {
            added.add(type);
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });

    try (LogCapture log = LogCapture.of(MicroProfileMetricsExtension.class)) {
      new MicroProfileMetricsExtension().decide(discovery);

      assertThat(added).containsExactlyInAnyOrder(CountedInterceptor.class, TimedInterceptor.class,
          GaugeInterceptor.class, MetricProducers.class);
      assertThat(log.at(Level.INFO)).hasSize(1);
      LogRecord line = log.at(Level.INFO).get(0);
      assertThat(line.getMessage()).startsWith("Monitoring records MicroProfile Metrics");
      assertThat(line.getParameters()[0].toString()).endsWith("(APPLICATION)");
    }
  }
}
