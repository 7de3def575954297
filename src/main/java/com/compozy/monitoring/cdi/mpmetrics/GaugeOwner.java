package com.compozy.monitoring.cdi.mpmetrics;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Added by the extension to classes with {@code @Gauge} methods; binds {@link GaugeInterceptor}. */
@InterceptorBinding
@Retention(RUNTIME)
@Target(TYPE)
@interface GaugeOwner {
  @SuppressWarnings("all")
  final class Literal extends AnnotationLiteral<GaugeOwner> implements GaugeOwner {
    static final Literal INSTANCE = new Literal();
  }
}
