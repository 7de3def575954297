package com.compozy.monitoring.cdi;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes OpenTelemetry's {@code @WithSpan} an interceptor binding and adds {@link WithSpanInterceptor}
 * for it, as MicroProfile Telemetry implementations do: the annotation is not one by itself, and
 * cannot be put on the interceptor class (it targets methods only), so both are configured here.
 * The annotation's members do not take part in the binding: every {@code @WithSpan} method is
 * intercepted.
 *
 * <p>When the runtime brings its own interceptor for the same annotation (its MicroProfile
 * Telemetry sees the application's {@code WithSpan} class, parent-first), ours steps aside, so a
 * method gets one span, not two; this is logged once, at deployment. (Parent-last, as the library
 * needs on Liberty and Payara, the runtime's interceptor binds its own copy of the annotation and
 * never sees the application's.)
 */
public class WithSpanExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(WithSpanExtension.class.getName());

  private volatile boolean runtimeTraces;

  void addBinding(@Observes BeforeBeanDiscovery discovery) {
    try {
      discovery.configureInterceptorBinding(WithSpan.class).methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
      discovery.addAnnotatedType(WithSpanInterceptor.class, WithSpanInterceptor.class.getName())
          .add(InterceptorLiteral.INSTANCE)
          .add(WithSpanLiteral.INSTANCE);
    } catch (RuntimeException | LinkageError e) {
      // no opentelemetry-instrumentation-annotations in the WAR: there is nothing to intercept
      LOG.log(Level.FINE, "@WithSpan not intercepted", e);
    }
  }

  void detectRuntimeInterceptor(@Observes AfterDeploymentValidation validation, BeanManager beans) {
    try {
      List<Interceptor<?>> interceptors = beans.resolveInterceptors(InterceptionType.AROUND_INVOKE,
          WithSpanLiteral.INSTANCE);
      List<String> others = interceptors.stream().map(i -> i.getBeanClass())
          .filter(c -> c != WithSpanInterceptor.class).map(Class::getName).toList();
      if (!others.isEmpty() && interceptors.size() > others.size()) {
        runtimeTraces = true;
        LOG.log(Level.INFO, "Monitoring: @WithSpan methods are traced by the runtime''s own interceptor {0}; "
            + "the library''s interceptor stays out, so each call gets one span", others);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Could not look for other @WithSpan interceptors", e);
    }
  }

  /** Whether the runtime's own interceptor traces {@code @WithSpan} methods, so ours must not. */
  public boolean runtimeTraces() {
    return runtimeTraces;
  }

  @SuppressWarnings("all")
  private static final class InterceptorLiteral extends AnnotationLiteral<jakarta.interceptor.Interceptor>
      implements jakarta.interceptor.Interceptor {
    static final InterceptorLiteral INSTANCE = new InterceptorLiteral();
  }

  @SuppressWarnings("all")
  private static final class WithSpanLiteral extends AnnotationLiteral<WithSpan> implements WithSpan {
    static final WithSpanLiteral INSTANCE = new WithSpanLiteral();

    @Override
    public String value() {
      return "";
    }

    @Override
    public SpanKind kind() {
      return SpanKind.INTERNAL;
    }

    @Override
    public boolean inheritContext() {
      return true;
    }
  }
}
