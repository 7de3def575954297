package com.compozy.monitoring.memory;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Reads an id from a parameter: a string, or an object's {@code id()} / {@code getId()}. */
final class IdValues {
  private static final Map<Class<?>, Optional<Method>> ACCESSORS = new ConcurrentHashMap<>();

  private IdValues() {}

  /** The id held by {@code parameters[index]}, or null when there is none. */
  static String of(Object[] parameters, int index) {
    if (index < 0 || parameters == null || index >= parameters.length || parameters[index] == null) {
      return null;
    }
    Object value = parameters[index];
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    Optional<Method> accessor = ACCESSORS.computeIfAbsent(value.getClass(), IdValues::accessor);
    if (accessor.isEmpty()) {
      return String.valueOf(value);
    }
    try {
      Object id = accessor.get().invoke(value);
      return id == null ? null : id.toString();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
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
