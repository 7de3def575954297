package com.compozy.monitoring.temporal;

import com.compozy.monitoring.service.MonitoringService;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One Prometheus text scrape of a service, parsed into samples, as a scraper would see it. */
final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final List<Sample> samples = new ArrayList<>();

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
  }

  static Scrape of(MonitoringService service) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, service.prometheusRegistry().orElseThrow().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scrape(out.toString(StandardCharsets.UTF_8));
  }

  /** Samples of {@code name} whose labels are exactly {@code labels}, summed (0 when none). */
  double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name.equals(name) && s.labels.equals(labels))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** Every label set of {@code name}, for asserting that nothing else was recorded. */
  List<Map<String, String>> labelSets(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).map(Sample::labels)
        .collect(Collectors.toList());
  }

  /** The metric families (from the TYPE lines) whose names start with {@code prefix}. */
  Map<String, String> types(String prefix) {
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE " + prefix)) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      }
    }
    return types;
  }
}
