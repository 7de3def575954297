package com.compozy.monitoring.cdi.mpmetrics;

import com.compozy.monitoring.mpmetrics.MicroProfileMetrics;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import java.lang.reflect.Member;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.eclipse.microprofile.metrics.annotation.RegistryType;

/**
 * {@code @Inject MetricRegistry} (the application registry, one instance for the application),
 * {@code @Inject @RegistryScope(scope = ...) MetricRegistry}, the deprecated {@code @RegistryType},
 * and {@code @Inject [@Metric] Counter | Timer | Histogram}, get-or-create by the injection point's
 * name.
 */
@Dependent
public class MetricProducers {
  @Inject MonitoringService service;

  @Produces
  MetricRegistry application() {
    return metrics().registry();
  }

  @Produces
  @RegistryScope
  MetricRegistry scoped(InjectionPoint point) {
    RegistryScope scope = point.getQualifiers().stream()
        .filter(RegistryScope.class::isInstance).map(RegistryScope.class::cast)
        .findFirst().orElse(null);
    return metrics().registry(scope == null || scope.scope().isEmpty()
        ? MetricRegistry.APPLICATION_SCOPE : scope.scope());
  }

  @Produces
  @RegistryType(type = MetricRegistry.Type.APPLICATION)
  @SuppressWarnings("deprecation")
  MetricRegistry applicationType() {
    return metrics().registry();
  }

  @Produces
  @RegistryType(type = MetricRegistry.Type.BASE)
  @SuppressWarnings("deprecation")
  MetricRegistry baseType() {
    return metrics().registry(MetricRegistry.BASE_SCOPE);
  }

  @Produces
  @RegistryType(type = MetricRegistry.Type.VENDOR)
  @SuppressWarnings("deprecation")
  MetricRegistry vendorType() {
    return metrics().registry(MetricRegistry.VENDOR_SCOPE);
  }

  @Produces
  Counter counter(InjectionPoint point) {
    return injected(Counter.class, point);
  }

  @Produces
  Timer timer(InjectionPoint point) {
    return injected(Timer.class, point);
  }

  @Produces
  Histogram histogram(InjectionPoint point) {
    return injected(Histogram.class, point);
  }

  private <T extends Metric> T injected(Class<T> type, InjectionPoint point) {
    Member member = point.getMember();
    String element = point.getAnnotated() instanceof AnnotatedParameter<?> parameter
        ? parameter.getJavaParameter().getName() : member.getName();
    return metrics().annotated().injected(type,
        point.getAnnotated().getAnnotation(org.eclipse.microprofile.metrics.annotation.Metric.class),
        element, member.getDeclaringClass());
  }

  private MicroProfileMetrics metrics() {
    return MicroProfileMetrics.of(service);
  }
}
