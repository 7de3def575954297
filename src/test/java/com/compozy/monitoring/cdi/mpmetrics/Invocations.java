package com.compozy.monitoring.cdi.mpmetrics;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Invocation contexts as a container hands them to an interceptor. */
final class Invocations {
  private Invocations() {}

  static InvocationContext call(Object target, Method method, Callable<Object> proceed) {
    return new Context(target, method, null, proceed);
  }

  static InvocationContext construction(Constructor<?> constructor, Callable<Object> construct) {
    Context[] self = new Context[1];
    self[0] = new Context(null, null, constructor, () -> {
      self[0].target = construct.call();
      return self[0].target;
    });
    return self[0];
  }

  private static final class Context implements InvocationContext {
    Object target;
    private final Method method;
    private final Constructor<?> constructor;
    private final Callable<Object> proceed;
    private final Map<String, Object> data = new HashMap<>();

    Context(Object target, Method method, Constructor<?> constructor, Callable<Object> proceed) {
      this.target = target;
      this.method = method;
      this.constructor = constructor;
      this.proceed = proceed;
    }

    @Override public Object getTarget() { return target; }
    @Override public Object getTimer() { return null; }
    @Override public Method getMethod() { return method; }
    @Override public Constructor<?> getConstructor() { return constructor; }
    @Override public Object[] getParameters() { return new Object[0]; }
    @Override public void setParameters(Object[] params) {}
    @Override public Map<String, Object> getContextData() { return data; }
    @Override public Object proceed() throws Exception { return proceed.call(); }
  }
}
