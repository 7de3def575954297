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
import java.time.Duration;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.Timed;

/**
 * {@code @Timed} methods, constructors and classes: each call's duration, whether it returns or
 * throws. Monitoring never fails the call.
 */
@Timed
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class TimedInterceptor {
  private static final ThrottledLog LOG = new ThrottledLog(TimedInterceptor.class);

  @Inject MonitoringService service;
  private AnnotatedMetrics metrics;

  /** For CDI. */
  public TimedInterceptor() {}

  TimedInterceptor(MonitoringService service) {
    this.service = service;
  }

  @AroundInvoke
  public Object timeCall(InvocationContext invocation) throws Exception {
    Timer timer = timer(invocation.getMethod(), Beans.beanClass(invocation.getTarget()));
    return time(timer, invocation);
  }

  @AroundConstruct
  public Object timeConstruction(InvocationContext invocation) throws Exception {
    Timer timer = timer(invocation.getConstructor(), invocation.getConstructor().getDeclaringClass());
    return time(timer, invocation);
  }

  private static Object time(Timer timer, InvocationContext invocation) throws Exception {
    if (timer == null) {
      return invocation.proceed();
    }
    long start = System.nanoTime();
    try {
      return invocation.proceed();
    } finally {
      long elapsed = System.nanoTime() - start;
      try {
        timer.update(Duration.ofNanos(elapsed));
      } catch (RuntimeException e) {
        LOG.warn("timing " + invocation.getMethod() + " failed", e);
      }
    }
  }

  private Timer timer(Executable member, Class<?> beanClass) {
    try {
      if (metrics == null) {
        metrics = MicroProfileMetrics.of(service).annotated();
      }
      return metrics.timer(member, beanClass);
    } catch (RuntimeException e) {
      LOG.warn("timing " + member + " failed", e);
      return null;
    }
  }
}
