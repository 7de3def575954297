package com.compozy.monitoring.tracing;

import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Traces calls of methods annotated with {@link WithSpan}, as the OpenTelemetry Java agent and
 * MicroProfile Telemetry do: one span per call, named by {@code @WithSpan}'s value or
 * {@code Class.method}, of its kind, the child of the current span (or a new trace with
 * {@code inheritContext = false}), current while the method runs, with each {@link SpanAttribute}
 * parameter as an attribute. An exception is recorded and makes the span an error; a returned
 * {@link CompletionStage} ends the span when it completes.
 *
 * <pre>{@code
 * MethodSpans spans = MethodSpans.of(monitoring);
 * Object result = spans.invoke(method, args, () -> method.invoke(target, args));
 * }</pre>
 *
 * <p>In a CDI application the library's interceptor does this for every bean method with
 * {@code @WithSpan}. Without tracing (no tracer provider) a call only proceeds.
 */
public final class MethodSpans implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MethodSpans.class.getName());
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final int MAX_VALUE_LENGTH = 1024;

  private final Tracer tracer; // null: tracing is off
  private final ConcurrentHashMap<Method, Plan> plans = new ConcurrentHashMap<>();

  private MethodSpans(MonitoringService service) {
    this.tracer = service.openTelemetry().getTracerProvider() == TracerProvider.noop() ? null : service.tracer();
  }

  /** The method spans of {@code service}, one per service. */
  public static MethodSpans of(MonitoringService service) {
    return service.bind(MethodSpans.class, MethodSpans::new);
  }

  /**
   * Calls {@code proceed}, the invocation of {@code method} with {@code arguments}, inside its span
   * when the method has {@link WithSpan}; returns or throws what {@code proceed} does.
   */
  public Object invoke(Method method, Object[] arguments, Callable<Object> proceed) throws Exception {
    Span span = tracer == null ? null : start(method, arguments);
    if (span == null) {
      return proceed.call();
    }
    Object result;
    try (Scope scope = span.makeCurrent()) {
      result = proceed.call();
    } catch (Throwable failure) {
      end(span, failure);
      throw failure;
    }
    if (result instanceof CompletionStage<?> stage) {
      try {
        stage.whenComplete((value, failure) -> end(span, failure));
      } catch (RuntimeException e) {
        end(span, null);
      }
    } else {
      end(span, null);
    }
    return result;
  }

  private Span start(Method method, Object[] arguments) {
    try {
      Plan plan = plans.get(method);
      if (plan == null) {
        plan = plans.computeIfAbsent(method, Plan::of);
      }
      if (plan == Plan.NONE) {
        return null;
      }
      SpanBuilder builder = tracer.spanBuilder(plan.name).setSpanKind(plan.kind);
      if (!plan.inheritContext) {
        builder.setParent(Context.root());
      }
      for (int i = 0; i < plan.attributes.length && arguments != null && i < arguments.length; i++) {
        if (plan.attributes[i] != null && arguments[i] != null) {
          plan.attributes[i].put(builder, arguments[i]);
        }
      }
      return builder.startSpan();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Failed to start the span of " + method, e);
      return null;
    }
  }

  private static void end(Span span, Throwable failure) {
    try {
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Failed to end a method span", e);
    }
  }

  @Override
  public void close() {
    plans.clear();
  }

  /** What a method's annotations say, worked out once per method. */
  private record Plan(String name, SpanKind kind, boolean inheritContext, Attribute[] attributes) {
    static final Plan NONE = new Plan(null, null, false, new Attribute[0]);

    static Plan of(Method method) {
      WithSpan annotation = method.getAnnotation(WithSpan.class);
      if (annotation == null) {
        return NONE;
      }
      String name = annotation.value().isEmpty()
          ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : annotation.value();
      Parameter[] parameters = method.getParameters();
      Attribute[] attributes = new Attribute[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        SpanAttribute attribute = parameters[i].getAnnotation(SpanAttribute.class);
        if (attribute != null) {
          String key = !attribute.value().isEmpty() ? attribute.value()
              : parameters[i].isNamePresent() ? parameters[i].getName() : null;
          attributes[i] = key == null ? null : Attribute.of(key, parameters[i].getType());
        }
      }
      return new Plan(name, annotation.kind(), annotation.inheritContext(), attributes);
    }
  }

  /** One {@code @SpanAttribute} parameter: its key, typed by the parameter's type. */
  private record Attribute(AttributeKey<?> key) {
    static Attribute of(String name, Class<?> type) {
      if (type == long.class || type == Long.class || type == int.class || type == Integer.class
          || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
        return new Attribute(AttributeKey.longKey(name));
      }
      if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
        return new Attribute(AttributeKey.doubleKey(name));
      }
      if (type == boolean.class || type == Boolean.class) {
        return new Attribute(AttributeKey.booleanKey(name));
      }
      return new Attribute(AttributeKey.stringKey(name));
    }

    @SuppressWarnings("unchecked")
    void put(SpanBuilder builder, Object value) {
      switch (key.getType()) {
        case LONG -> builder.setAttribute((AttributeKey<Long>) key, ((Number) value).longValue());
        case DOUBLE -> builder.setAttribute((AttributeKey<Double>) key, ((Number) value).doubleValue());
        case BOOLEAN -> builder.setAttribute((AttributeKey<Boolean>) key, (Boolean) value);
        default -> {
          String text = String.valueOf(value);
          builder.setAttribute((AttributeKey<String>) key,
              text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH));
        }
      }
    }
  }
}
