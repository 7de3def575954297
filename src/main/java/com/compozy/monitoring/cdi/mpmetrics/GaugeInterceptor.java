package com.compozy.monitoring.cdi.mpmetrics;

import com.compozy.monitoring.internal.ThrottledLog;
import com.compozy.monitoring.mpmetrics.MicroProfileMetrics;
import com.compozy.monitoring.service.MonitoringService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundConstruct;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Registers the {@code @Gauge} methods of a bean when an instance of it is constructed: each
 * gauge reads its method on that instance at every scrape. Gauges of an application-scoped bean
 * therefore appear with the bean's first use.
 */
@GaugeOwner
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class GaugeInterceptor {
  private static final ThrottledLog LOG = new ThrottledLog(GaugeInterceptor.class);

  @Inject MonitoringService service;

  /** For CDI. */
  public GaugeInterceptor() {}

  GaugeInterceptor(MonitoringService service) {
    this.service = service;
  }

  @AroundConstruct
  public Object register(InvocationContext invocation) throws Exception {
    Object result = invocation.proceed();
    try {
      Class<?> beanClass = invocation.getConstructor().getDeclaringClass();
      MicroProfileMetrics.of(service).annotated().registerGauges(invocation.getTarget(), beanClass);
    } catch (RuntimeException e) {
      LOG.warn("registering @Gauge methods failed", e);
    }
    return result;
  }
}
