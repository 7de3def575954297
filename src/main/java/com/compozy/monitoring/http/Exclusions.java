package com.compozy.monitoring.http;

import java.util.List;

/** {@code monitoring.http.exclude}: route templates, exact paths, or path prefixes ending in {@code *}. */
final class Exclusions {
  private final List<String> exact;
  private final List<String> prefixes;

  Exclusions(List<String> entries) {
    this.exact = entries.stream().filter(e -> !e.endsWith("*")).toList();
    this.prefixes = entries.stream().filter(e -> e.endsWith("*"))
        .map(e -> e.substring(0, e.length() - 1)).toList();
  }

  boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }

  /** {@code path} is relative to the context root. */
  boolean excludesPath(String path) {
    if (exact.contains(path)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  boolean excludesRoute(String template) {
    return exact.contains(template);
  }
}
