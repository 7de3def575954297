package com.compozy.monitoring.cdi.mpmetrics;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.mpmetrics.AnnotatedMetrics;
import com.compozy.monitoring.mpmetrics.MicroProfileMetrics;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundConstruct;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Executable;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Counted;

/**
 * {@code @Counted} methods, constructors and classes: one increment per call, before the call, so
 * calls that throw are counted too. Monitoring never fails the call.
 */
@Counted
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class CountedInterceptor {
  private static final ThrottledLog LOG = new ThrottledLog(CountedInterceptor.class);

  @Inject MonitoringService service;
  private AnnotatedMetrics metrics;

  /** For CDI. */
  public CountedInterceptor() {}

  CountedInterceptor(MonitoringService service) {
    this.service = service;
  }

  @AroundInvoke
  public Object countCall(InvocationContext invocation) throws Exception {
    count(invocation.getMethod(), Beans.beanClass(invocation.getTarget()));
    return invocation.proceed();
  }

  @AroundConstruct
  public Object countConstruction(InvocationContext invocation) throws Exception {
    count(invocation.getConstructor(), invocation.getConstructor().getDeclaringClass());
    return invocation.proceed();
  }

  private void count(Executable member, Class<?> beanClass) {
    try {
      if (metrics == null) {
        metrics = MicroProfileMetrics.of(service).annotated();
      }
      Counter counter = metrics.counter(member, beanClass);
      if (counter != null) {
        counter.inc();
      }
    } catch (RuntimeException e) {
      LOG.warn("counting " + member + " failed", e);
    }
  }
}
