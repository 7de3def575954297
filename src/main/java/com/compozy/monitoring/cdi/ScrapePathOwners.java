package com.compozy.monitoring.cdi;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds the application's JAX-RS resources that the scrape servlet hides: a servlet's exact mapping
 * wins over the JAX-RS servlet's, so such a resource never sees its requests. Reads only
 * annotations of the classes the container found for {@link MonitoringInitializer}.
 */
final class ScrapePathOwners {
  private static final Logger LOG = Logger.getLogger(ScrapePathOwners.class.getName());

  private ScrapePathOwners() {}

  /** Logs one warning naming the scrape path and every resource method it hides; never throws. */
  static void warnIfTaken(Set<Class<?>> classes, String contextPath, String scrapePath) {
    try {
      Set<String> hidden = hidden(classes, scrapePath);
      if (!hidden.isEmpty()) {
        LOG.log(Level.WARNING, "Monitoring scrape endpoint at {0}{1} hides the application''s JAX-RS resource {2}:"
            + " the servlet answers there, not the resource. Set monitoring.path to another path",
            new Object[] {contextPath, scrapePath, String.join(", ", hidden)});
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Could not look for JAX-RS resources at the scrape path", e);
    }
  }

  /** {@code Class#method (template)} of each resource method whose full template matches {@code path}. */
  static Set<String> hidden(Set<Class<?>> classes, String path) {
    Set<String> hidden = new TreeSet<>();
    if (classes == null || classes.isEmpty()) {
      return hidden;
    }
    List<String> applicationPaths = new ArrayList<>();
    for (Class<?> type : classes) {
      ApplicationPath application = type.getAnnotation(ApplicationPath.class);
      if (application != null) {
        applicationPaths.add(application.value());
      }
    }
    for (Class<?> type : classes) {
      Path root = type.getAnnotation(Path.class);
      if (root == null || type.isInterface()) {
        continue;
      }
      for (String application : applicationPaths) {
        String base = join(application, root.value());
        if (matches(base, path)) {
          hidden.add(type.getName() + " (" + base + ")");
        }
        for (Method method : type.getMethods()) {
          Path sub = method.getAnnotation(Path.class);
          if (sub != null && matches(join(base, sub.value()), path)) {
            hidden.add(type.getName() + "#" + method.getName() + " (" + join(base, sub.value()) + ")");
          }
        }
      }
    }
    return hidden;
  }

  private static String join(String left, String right) {
    String a = trim(left);
    String b = trim(right);
    return "/" + a + (!a.isEmpty() && !b.isEmpty() ? "/" : "") + b;
  }

  private static String trim(String segment) {
    int from = 0;
    int to = segment.length();
    while (from < to && segment.charAt(from) == '/') {
      from++;
    }
    while (to > from && segment.charAt(to - 1) == '/') {
      to--;
    }
    return segment.substring(from, to);
  }

  /** Whether a JAX-RS template ({@code /a/{id}}, {@code /{rest: .*}}) matches the concrete path. */
  static boolean matches(String template, String path) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int depth = 1;
        int j = i + 1;
        while (j < template.length() && depth > 0) {
          depth += template.charAt(j) == '{' ? 1 : template.charAt(j) == '}' ? -1 : 0;
          j++;
        }
        String variable = template.substring(i + 1, Math.max(i + 1, j - 1));
        int colon = variable.indexOf(':');
        regex.append('(').append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).trim()).append(')');
        i = j;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    try {
      String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return Pattern.compile(regex.toString()).matcher(normalized).matches();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
