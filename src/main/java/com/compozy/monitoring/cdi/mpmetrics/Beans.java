package com.compozy.monitoring.cdi.mpmetrics;

import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/** What the extension does once it has decided that the library implements MicroProfile Metrics. */
public final class Beans {
  private Beans() {}

  /** Adds the interceptors and producers of this package. */
  public static void addTo(BeforeBeanDiscovery discovery) {
    for (Class<?> bean : new Class<?>[] {CountedInterceptor.class, TimedInterceptor.class,
        GaugeInterceptor.class, MetricProducers.class}) {
      discovery.addAnnotatedType(bean, Beans.class.getName() + "." + bean.getSimpleName());
    }
  }

  /**
   * Binds {@link GaugeInterceptor} to a class with {@code @Gauge} methods: the specification binds
   * {@code @Gauge} to methods, and a method binding cannot see the instance being constructed.
   */
  public static <T> void bindGauges(ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    if (type.getJavaClass().isInterface() || type.getJavaClass().isAnnotation()) {
      return;
    }
    if (type.getMethods().stream().anyMatch(method -> method.isAnnotationPresent(Gauge.class))) {
      event.configureAnnotatedType().add(GaugeOwner.Literal.INSTANCE);
    }
  }

  /** The bean class behind an intercepted instance: Weld's subclass carries {@code $$} in its name. */
  static Class<?> beanClass(Object target) {
    Class<?> type = target.getClass();
    while (type.getSuperclass() != null && type.getSuperclass() != Object.class
        && (type.isSynthetic() || type.getName().contains("$$"))) {
      type = type.getSuperclass();
    }
    return type;
  }
}
