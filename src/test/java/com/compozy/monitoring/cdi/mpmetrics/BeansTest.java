package com.compozy.monitoring.cdi.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.configurator.AnnotatedTypeConfigurator;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.junit.jupiter.api.Test;

/** Which classes the extension binds to the gauge interceptor, with the container's events as doubles. */
class BeansTest {
  static class WithGauge {
    @Gauge(unit = MetricUnits.NONE)
    public int size() {
      return 1;
    }
  }

  static class WithoutGauge {
    @Counted
    public void run() {}
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(BeansTest.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static List<Annotation> bind(Class<?> beanClass) {
    List<Annotation> added = new ArrayList<>();
    Set<AnnotatedMethod<?>> methods = Arrays.stream(beanClass.getDeclaredMethods())
        .map(method -> (AnnotatedMethod<?>) proxy(AnnotatedMethod.class, (p, m, args) -> switch (m.getName()) {
          case "isAnnotationPresent" -> method.isAnnotationPresent((Class<? extends Annotation>) args[0]);
          case "getJavaMember" -> method;
          default -> throw new UnsupportedOperationException(m.getName());
        }))
        .collect(Collectors.toCollection(() -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())));
    AnnotatedType<?> type = proxy(AnnotatedType.class, (p, m, args) -> switch (m.getName()) {
      case "getJavaClass" -> beanClass;
      case "getMethods" -> methods;
      default -> throw new UnsupportedOperationException(m.getName());
    });
    AnnotatedTypeConfigurator<?>[] configurator = new AnnotatedTypeConfigurator<?>[1];
    configurator[0] = proxy(AnnotatedTypeConfigurator.class, (p, m, args) -> {
      if (m.getName().equals("add")) {
        added.add((Annotation) args[0]);
        return configurator[0];
      }
      throw new UnsupportedOperationException(m.getName());
    });
    ProcessAnnotatedType<?> event = proxy(ProcessAnnotatedType.class, (p, m, args) -> switch (m.getName()) {
      case "getAnnotatedType" -> type;
      case "configureAnnotatedType" -> configurator[0];
      default -> throw new UnsupportedOperationException(m.getName());
    });
    Beans.bindGauges(event);
    return added;
  }

  @Test
  void aClassWithGaugeMethodsIsBoundToTheGaugeInterceptor() {
    assertThat(bind(WithGauge.class)).singleElement()
        .satisfies(annotation -> assertThat(annotation.annotationType()).isEqualTo(GaugeOwner.class));
  }

  @Test
  void otherClassesAndInterfacesAreLeftAlone() {
    assertThat(bind(WithoutGauge.class)).isEmpty();
    assertThat(bind(Runnable.class)).isEmpty();
  }

}
