package com.compozy.monitoring.it;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A parsed Prometheus text exposition: series (name plus sorted labels) to value. */
public final class Metrics {
  private final Map<String, Double> series;

  private Metrics(Map<String, Double> series) {
    this.series = series;
  }

  public static Metrics parse(String exposition) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      series.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
    }
    return new Metrics(series);
  }

  /** The key of one series: {@code series("x_total", "b", "2", "a", "1")} is {@code x_total{a="1",b="2"}}. */
  public static String series(String name, String... labels) {
    if (labels.length == 0) {
      return name;
    }
    String[][] pairs = new String[labels.length / 2][];
    for (int i = 0; i < labels.length; i += 2) {
      pairs[i / 2] = new String[] {labels[i], labels[i + 1]};
    }
    return name + Arrays.stream(pairs)
        .sorted(Comparator.comparing(pair -> pair[0]))
        .map(pair -> pair[0] + "=\"" + pair[1] + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** The value of a series, 0 when absent (a counter not yet incremented). */
  public double value(String series) {
    return this.series.getOrDefault(series, 0.0);
  }

  public boolean has(String series) {
    return this.series.containsKey(series);
  }

  /** How many series a metric family exposes under this exact sample name. */
  public long count(String sampleName) {
    return series.keySet().stream()
        .filter(key -> key.equals(sampleName) || key.startsWith(sampleName + "{"))
        .count();
  }

  public Map<String, Double> all() {
    return series;
  }
}
