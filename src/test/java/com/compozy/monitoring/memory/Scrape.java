package com.compozy.monitoring.memory;

import com.compozy.monitoring.service.MonitoringService;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a service's registry as the Prometheus text format a scraper would see. */
final class Scrape {
  private Scrape() {}

  static String text(MonitoringService service) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, service.prometheusRegistry().orElseThrow().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The sample lines of metric family {@code name} (its own samples, not _bucket/_sum/_count). */
  static List<String> samples(MonitoringService service, String name) {
    return text(service).lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .collect(Collectors.toList());
  }
}
