package com.compozy.monitoring.memory;

import com.compozy.monitoring.internal.ThrottledLog;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Implements {@link MonitoredMemoryOperation}; enabled for the whole application by its priority.
 * Not meant to be used directly.
 */
@MonitoredMemoryOperation
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class MemoryOperationInterceptor {
  private static final ThrottledLog LOG =
      new ThrottledLog(Logger.getLogger(MemoryOperationInterceptor.class.getName()));

  /** How to label calls of one method, worked out once per method. */
  private final Map<Method, Plan> plans = new ConcurrentHashMap<>();

  @Inject MemoryMonitor monitor;

  /** For CDI. */
  public MemoryOperationInterceptor() {}

  MemoryOperationInterceptor(MemoryMonitor monitor) {
    this.monitor = monitor;
  }

  @AroundInvoke
  public Object monitor(InvocationContext invocation) throws Exception {
    long start = System.nanoTime();
    boolean success = false;
    try {
      Object result = invocation.proceed();
      success = true;
      return result;
    } finally {
      record(invocation, System.nanoTime() - start, success);
    }
  }

  private void record(InvocationContext invocation, long nanos, boolean success) {
    try {
      Method method = invocation.getMethod();
      Plan plan = plans.computeIfAbsent(method, Plan::of);
      Object[] parameters = invocation.getParameters();
      monitor.recordOperation(plan.memoryId(parameters), plan.projectId(parameters), plan.operation,
          java.time.Duration.ofNanos(nanos), success);
    } catch (RuntimeException e) {
      LOG.warn("monitoring a memory operation failed", e);
    }
  }

  private static final class Plan {
    final String operation;
    final String fixedMemoryId;
    final int memoryIdIndex;
    final int projectIdIndex;

    private Plan(String operation, String fixedMemoryId, int memoryIdIndex, int projectIdIndex) {
      this.operation = operation;
      this.fixedMemoryId = fixedMemoryId;
      this.memoryIdIndex = memoryIdIndex;
      this.projectIdIndex = projectIdIndex;
    }

    static Plan of(Method method) {
      MonitoredMemoryOperation binding = method.getAnnotation(MonitoredMemoryOperation.class);
      if (binding == null) {
        binding = method.getDeclaringClass().getAnnotation(MonitoredMemoryOperation.class);
      }
      String operation = binding == null || binding.operation().isBlank() ? method.getName() : binding.operation();
      String fixedMemoryId = binding == null ? "" : binding.memoryId();
      return new Plan(operation, fixedMemoryId, indexOf(method, MemoryId.class), indexOf(method, ProjectId.class));
    }

    String memoryId(Object[] parameters) {
      String fromParameter = IdValues.of(parameters, memoryIdIndex);
      return fromParameter != null ? fromParameter : fixedMemoryId;
    }

    String projectId(Object[] parameters) {
      return IdValues.of(parameters, projectIdIndex);
    }

    private static int indexOf(Method method, Class<? extends Annotation> marker) {
      Annotation[][] annotations = method.getParameterAnnotations();
      for (int i = 0; i < annotations.length; i++) {
        for (Annotation annotation : annotations[i]) {
          if (annotation.annotationType() == marker) {
            return i;
          }
        }
      }
      return -1;
    }
  }
}
