package com.compozy.monitoring.mpmetrics;

import com.compozy.monitoring.internal.ThrottledLog;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetadataBuilder;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.eclipse.microprofile.metrics.annotation.Timed;

/**
 * The metrics of annotated code, named by MicroProfile Metrics 5.1's rules ("Annotated Naming
 * Convention"). On a method or constructor:
 * <ul>
 *   <li>{@code absolute=true}: the {@code name}, else the method's name (a constructor's is its
 *       class's simple name);</li>
 *   <li>{@code absolute=false}: {@code <canonical name of the declaring class>.<name or method>}.</li>
 * </ul>
 * On a class, for each of its constructors and non-private methods:
 * <ul>
 *   <li>{@code absolute=true}: {@code <name>.<method>}, else {@code <simple class name>.<method>};</li>
 *   <li>{@code absolute=false}: {@code <package>.<name>.<method>}, else
 *       {@code <canonical class name>.<method>}.</li>
 * </ul>
 * {@code tags} are {@code "key=value"} strings. A method's annotation wins over its class's. Each
 * member's metric is resolved once and cached.
 */
public final class AnnotatedMetrics {
  private static final ThrottledLog LOG = new ThrottledLog(AnnotatedMetrics.class);

  private record Key(Executable member, Class<?> beanClass) {}

  /** A member's metric, or none: {@code null} values cannot be cached in a ConcurrentHashMap. */
  private record Resolved<T>(T metric) {}

  private final MicroProfileMetrics metrics;
  private final Map<Key, Resolved<Counter>> counters = new ConcurrentHashMap<>();
  private final Map<Key, Resolved<Timer>> timers = new ConcurrentHashMap<>();

  AnnotatedMetrics(MicroProfileMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * The counter of a {@code @Counted} method or constructor of {@code beanClass}; null when neither
   * the member nor the class is {@code @Counted}.
   *
   * When the annotation's name, tags or metadata clash with a metric registered before (an
   * {@code IllegalArgumentException} by the specification) the clash is logged and the member is not
   * counted: the application's call must not fail because of its metrics.
   */
  public Counter counter(Executable member, Class<?> beanClass) {
    return counters.computeIfAbsent(new Key(member, beanClass), key -> {
      Counted counted = member.getAnnotation(Counted.class);
      boolean onClass = counted == null;
      if (onClass) {
        counted = beanClass.getAnnotation(Counted.class);
      }
      if (counted == null || isPrivate(member, onClass)) {
        return new Resolved<>(null);
      }
      Counted annotation = counted;
      String name = name(counted.name(), counted.absolute(), member, beanClass, onClass);
      return resolve(name, () -> metrics.scoped(annotation.scope()).counter(
          metadata(name, annotation.description(), annotation.unit()), tags(annotation.tags())));
    }).metric();
  }

  /** As {@link #counter} for {@code @Timed}. */
  public Timer timer(Executable member, Class<?> beanClass) {
    return timers.computeIfAbsent(new Key(member, beanClass), key -> {
      Timed timed = member.getAnnotation(Timed.class);
      boolean onClass = timed == null;
      if (onClass) {
        timed = beanClass.getAnnotation(Timed.class);
      }
      if (timed == null || isPrivate(member, onClass)) {
        return new Resolved<>(null);
      }
      Timed annotation = timed;
      String name = name(timed.name(), timed.absolute(), member, beanClass, onClass);
      return resolve(name, () -> metrics.scoped(annotation.scope()).timer(
          metadata(name, annotation.description(), annotation.unit()), tags(annotation.tags())));
    }).metric();
  }

  /**
   * Registers a gauge for each {@code @Gauge} method of {@code instance}'s class (declared there or
   * in a superclass), reading the method on {@code instance} at each scrape. A gauge whose
   * {@code MetricID} exists already is left as it is: for a bean with many instances the first
   * one's is kept, so {@code @Gauge} belongs on application-scoped or singleton beans.
   *
   * @return the names registered
   */
  public List<String> registerGauges(Object instance, Class<?> beanClass) {
    List<String> registered = new ArrayList<>();
    for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        Gauge gauge = method.getAnnotation(Gauge.class);
        if (gauge == null || method.getParameterCount() != 0 || method.isSynthetic()) {
          continue;
        }
        String name = name(gauge.name(), gauge.absolute(), method, beanClass, false);
        Metadata metadata = metadata(name, gauge.description(), gauge.unit());
        try {
          if (metrics.scoped(gauge.scope()).registerNewGauge(metadata, () -> read(method, instance, name),
              tags(gauge.tags()))) {
            registered.add(name);
          }
        } catch (IllegalArgumentException e) {
          LOG.warn("the @Gauge " + name + " is not registered: " + e.getMessage(), null);
        }
      }
    }
    return registered;
  }

  /**
   * The metric for an {@code @Inject} point of {@code type} ({@code Counter}, {@code Timer},
   * {@code Histogram}) with {@code @Metric} (or without: {@code annotation} null), named by the
   * member rules with {@code element} the field's or parameter's name.
   */
  public <T extends Metric> T injected(Class<T> type, org.eclipse.microprofile.metrics.annotation.Metric annotation,
      String element, Class<?> declaringClass) {
    String given = annotation == null ? "" : annotation.name();
    boolean absolute = annotation != null && annotation.absolute();
    String name = absolute ? or(given, element) : canonical(declaringClass) + "." + or(given, element);
    Metadata metadata = annotation == null ? Metadata.builder().withName(name).build()
        : metadata(name, annotation.description(), annotation.unit());
    Tag[] tags = annotation == null ? new Tag[0] : tags(annotation.tags());
    OtelMetricRegistry registry = metrics.scoped(annotation == null ? "application" : annotation.scope());
    if (type == Counter.class) {
      return type.cast(registry.counter(metadata, tags));
    }
    if (type == Timer.class) {
      return type.cast(registry.timer(metadata, tags));
    }
    if (type == Histogram.class) {
      return type.cast(registry.histogram(metadata, tags));
    }
    throw new IllegalArgumentException("@Inject @Metric supports Counter, Timer and Histogram, not " + type.getName());
  }

  private static <T> Resolved<T> resolve(String name, java.util.function.Supplier<T> registration) {
    try {
      return new Resolved<>(registration.get());
    } catch (IllegalArgumentException e) {
      LOG.warn("the annotated metric " + name + " is not recorded: " + e.getMessage(), null);
      return new Resolved<>(null);
    }
  }

  /** The metric name of an annotation on {@code member} ({@code onClass}: on {@code beanClass}). */
  public static String name(String name, boolean absolute, Executable member, Class<?> beanClass, boolean onClass) {
    String element = member instanceof Constructor<?> ? member.getDeclaringClass().getSimpleName() : member.getName();
    if (!onClass) {
      return absolute ? or(name, element) : canonical(member.getDeclaringClass()) + "." + or(name, element);
    }
    if (absolute) {
      return (name.isEmpty() ? beanClass.getSimpleName() : name) + "." + element;
    }
    return (name.isEmpty() ? canonical(beanClass) : beanClass.getPackageName() + "." + name) + "." + element;
  }

  /** {@code "key=value"} strings as tags. */
  static Tag[] tags(String[] tags) {
    Tag[] parsed = new Tag[tags.length];
    for (int i = 0; i < tags.length; i++) {
      int equals = tags[i].indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("A MicroProfile Metrics tag is key=value, not " + tags[i]);
      }
      parsed[i] = new Tag(tags[i].substring(0, equals), tags[i].substring(equals + 1));
    }
    return parsed;
  }

  private static Metadata metadata(String name, String description, String unit) {
    MetadataBuilder builder = Metadata.builder().withName(name);
    if (!description.isEmpty()) {
      builder.withDescription(description);
    }
    if (!unit.isEmpty() && !MetricUnits.NONE.equals(unit)) {
      builder.withUnit(unit);
    }
    return builder.build();
  }

  private static Number read(Method method, Object instance, String name) {
    try {
      method.setAccessible(true);
      return (Number) method.invoke(instance);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("reading the @Gauge " + name + " failed", e);
      return null;
    }
  }

  /** A class's annotation covers its non-private members only. */
  private static boolean isPrivate(Executable member, boolean onClass) {
    return onClass && Modifier.isPrivate(member.getModifiers());
  }

  private static String canonical(Class<?> type) {
    String canonical = type.getCanonicalName();
    return canonical != null ? canonical : type.getName();
  }

  private static String or(String given, String fallback) {
    return given.isEmpty() ? fallback : given;
  }
}
