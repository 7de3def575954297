package com.compozy.monitoring.cdi;

import com.compozy.monitoring.tracing.MethodSpans;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Traces CDI bean methods annotated with {@code @WithSpan} through {@link MethodSpans}. Not a bean
 * by itself (no bean-defining annotation): {@link WithSpanExtension} adds it with its binding.
 * Early among the library interceptors, so the span covers the application's own interceptors.
 * The service is looked up rather than injected: Payara's Weld puts a type an extension adds in an
 * archive that does not see the library's package-private beans.
 */
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class WithSpanInterceptor {
  @Inject WithSpanExtension extension;
  private MethodSpans spans; // one interceptor instance per bean instance: looked up once each

  @AroundInvoke
  Object trace(InvocationContext invocation) throws Exception {
    if (extension.runtimeTraces()) {
      return invocation.proceed();
    }
    MethodSpans found = spans;
    if (found == null) {
      found = MonitoringLookup.current().map(MethodSpans::of).orElse(null);
      if (found == null) {
        return invocation.proceed(); // no service yet: asked again at the next call
      }
      spans = found;
    }
    return found.invoke(invocation.getMethod(), invocation.getParameters(), invocation::proceed);
  }
}
