package com.compozy.monitoring.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a request's route template from annotations: application path + class {@code @Path} + any
 * sub-resource locators' {@code @Path} + method {@code @Path}, looking through superclasses and
 * interfaces as JAX-RS does, with regular expressions dropped ({@code {id: \d+}} becomes
 * {@code {id}}). Never the raw path: the result depends only on which Java methods matched.
 *
 * <p>Only a method of the application's that carries an HTTP method annotation (or implements or
 * overrides one that does) has a template. What a runtime answers with its own handler, such as
 * Jersey's automatic {@code OPTIONS}, has none: it is {@code unmatched}, as on runtimes that match no
 * method at all for it (RESTEasy on Open Liberty 26).
 */
final class RouteTemplates {
  private static final String NONE = new String("not a resource method"); // compared by identity

  private final ConcurrentHashMap<Object, String> cache = new ConcurrentHashMap<>();
  private final ClassValue<Boolean> rootResources = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return classPath(type) != null;
    }
  };

  /**
   * Whether {@code resource} carries a class-level {@code @Path}. Such a class is matched as a root
   * resource unless a locator returns it, which the application's own design would make ambiguous.
   */
  boolean isRootResource(Class<?> resource) {
    return rootResources.get(resource);
  }

  /**
   * The template, cached per matched method (one application has one application path).
   *
   * @param chain the matched resource classes, root first; one element unless sub-resource locators
   *     matched
   * @return null when {@code method} is not a resource method
   */
  String template(String applicationPath, List<Class<?>> chain, Method method) {
    Object key = chain.size() == 1 ? method : List.of(chain, method);
    String template = cache.get(key);
    if (template == null) {
      template = cache.computeIfAbsent(key, k -> templateOrNone(applicationPath, chain, method));
    }
    return template == NONE ? null : template;
  }

  /** As {@link #template}, not cached: for an application path that may not be the usual one. */
  static String uncachedTemplate(String applicationPath, List<Class<?>> chain, Method method) {
    String template = templateOrNone(applicationPath, chain, method);
    return template == NONE ? null : template;
  }

  private static String templateOrNone(String applicationPath, List<Class<?>> chain, Method method) {
    return isResourceMethod(method) ? build(applicationPath, chain, method) : NONE;
  }

  private static String build(String applicationPath, List<Class<?>> chain, Method method) {
    StringBuilder template = new StringBuilder();
    append(template, applicationPath);
    append(template, classPath(chain.get(0)));
    for (int i = 0; i + 1 < chain.size(); i++) {
      Method locator = locator(chain.get(i), chain.get(i + 1));
      append(template, locator == null ? null : methodPath(locator));
    }
    append(template, methodPath(method));
    return normalize(template.toString());
  }

  static String applicationPath(Class<?> application) {
    for (Class<?> c = application; c != null && c != Object.class; c = c.getSuperclass()) {
      ApplicationPath path = c.getAnnotation(ApplicationPath.class);
      if (path != null) {
        return path.value();
      }
    }
    return null;
  }

  static String classPath(Class<?> resource) {
    for (Class<?> c : hierarchy(resource)) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path.value();
      }
    }
    return null;
  }

  /** The method's {@code @Path}, or that of the method it implements or overrides. */
  static String methodPath(Method method) {
    for (Class<?> c : hierarchy(method.getDeclaringClass())) {
      Method candidate = sameSignature(c, method);
      if (candidate != null) {
        Path path = candidate.getAnnotation(Path.class);
        if (path != null) {
          return path.value();
        }
        if (hasHttpMethod(candidate)) {
          return null; // annotated here without @Path: JAX-RS stops looking at the first annotated one
        }
      }
    }
    return null;
  }

  /** The sub-resource locator of {@code owner} that returned a {@code next}. */
  private static Method locator(Class<?> owner, Class<?> next) {
    Method found = null;
    for (Method method : owner.getMethods()) {
      String path = methodPath(method);
      if (path != null && !isResourceMethod(method) && method.getReturnType() != void.class
          && (method.getReturnType().isAssignableFrom(next) || method.getReturnType() == Class.class)) {
        if (found == null || method.getName().compareTo(found.getName()) < 0) {
          found = method; // several candidates are ambiguous: pick one deterministically
        }
      }
    }
    return found;
  }

  /** Whether {@code method}, or one it implements or overrides, carries an HTTP method annotation. */
  static boolean isResourceMethod(Method method) {
    for (Class<?> c : hierarchy(method.getDeclaringClass())) {
      Method candidate = sameSignature(c, method);
      if (candidate != null && hasHttpMethod(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasHttpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  private static Method sameSignature(Class<?> type, Method method) {
    try {
      return type.getDeclaredMethod(method.getName(), method.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The class, then its superclasses, then all interfaces, breadth first. */
  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> result = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      result.add(c);
    }
    Deque<Class<?>> interfaces = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    for (int i = 0, n = result.size(); i < n; i++) {
      interfaces.addAll(List.of(result.get(i).getInterfaces()));
    }
    while (!interfaces.isEmpty()) {
      Class<?> next = interfaces.poll();
      if (seen.add(next)) {
        result.add(next);
        interfaces.addAll(List.of(next.getInterfaces()));
      }
    }
    return result;
  }

  private static void append(StringBuilder template, String segment) {
    if (segment != null && !segment.isEmpty()) {
      template.append('/').append(withoutRegex(segment));
    }
  }

  /** {@code {id: [0-9]{3}}} becomes {@code {id}}; braces inside the expression are balanced. */
  static String withoutRegex(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    int i = 0;
    while (i < segment.length()) {
      char c = segment.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int depth = 1;
      int j = i + 1;
      int colon = -1;
      while (j < segment.length() && depth > 0) {
        char d = segment.charAt(j);
        if (d == '{') {
          depth++;
        } else if (d == '}') {
          depth--;
        } else if (d == ':' && depth == 1 && colon < 0) {
          colon = j;
        }
        j++;
      }
      int nameEnd = colon >= 0 ? colon : j - 1;
      out.append('{').append(segment.substring(i + 1, Math.max(nameEnd, i + 1)).trim()).append('}');
      i = j;
    }
    return out.toString();
  }

  static String normalize(String template) {
    String collapsed = template.replaceAll("/{2,}", "/");
    if (collapsed.length() > 1 && collapsed.endsWith("/")) {
      collapsed = collapsed.substring(0, collapsed.length() - 1);
    }
    return collapsed.isEmpty() ? "/" : collapsed;
  }
}
