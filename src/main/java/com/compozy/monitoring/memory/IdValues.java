package com.compozy.monitoring.memory;

import com.compozy.monitoring.internal.ThrottledLog;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an id from a parameter: a string, a whole number or a UUID, or an object's {@code id()} /
 * {@code getId()} returning one of those.
 *
 * <p>Any other object gives no id (the label is then {@code unknown}) rather than its
 * {@code toString()}: that is usually {@code Type@1b6d3586}, a new label value per instance, or the
 * object's whole content, which may be personal data. The first such type is logged (throttled).
 */
final class IdValues {
  private static final Map<Class<?>, Optional<Method>> ACCESSORS = new ConcurrentHashMap<>();
  private static final ThrottledLog LOG = new ThrottledLog(IdValues.class);

  private IdValues() {}

  /** The id held by {@code parameters[index]}, or null when there is none. */
  static String of(Object[] parameters, int index) {
    if (index < 0 || parameters == null || index >= parameters.length || parameters[index] == null) {
      return null;
    }
    Object value = parameters[index];
    String plain = plainId(value);
    if (plain != null) {
      return plain;
    }
    Optional<Method> accessor = ACCESSORS.computeIfAbsent(value.getClass(), IdValues::accessor);
    if (accessor.isEmpty()) {
      LOG.warn("an id parameter of type " + value.getClass().getName()
          + " has no id() or getId(); it is labelled unknown", null);
      return null;
    }
    try {
      Object id = accessor.get().invoke(value);
      String found = id == null ? null : plainId(id);
      if (id != null && found == null) {
        LOG.warn(value.getClass().getName() + "." + accessor.get().getName() + "() returns a "
            + id.getClass().getName() + ", not a string, number or UUID; it is labelled unknown", null);
      }
      return found;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The text of a value that is an id by its type, or null. */
  private static String plainId(Object value) {
    if (value instanceof CharSequence || value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof BigInteger || value instanceof UUID) {
      return value.toString();
    }
    return null;
  }

  private static Optional<Method> accessor(Class<?> type) {
    for (String name : new String[] {"id", "getId"}) {
      try {
        Method method = type.getMethod(name);
        if (method.getReturnType() != void.class) {
          method.setAccessible(true);
          return Optional.of(method);
        }
      } catch (NoSuchMethodException | RuntimeException e) {
        // try the next name
      }
    }
    return Optional.empty();
  }
}
