package com.compozy.monitoring.testing;

import com.compozy.monitoring.service.MonitoringService;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders a service's registry in the Prometheus text or OpenMetrics format, as a scrape would. */
public final class Scrape {
  private Scrape() {}

  public static String text(MonitoringService service) {
    return render(service, PrometheusTextFormatWriter.create());
  }

  public static String openMetrics(MonitoringService service) {
    return render(service, OpenMetricsTextFormatWriter.create());
  }

  private static String render(MonitoringService service, ExpositionFormatWriter writer) {
    var registry = service.prometheusRegistry()
        .orElseThrow(() -> new IllegalStateException(service + " has no registry"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The sample lines of metric family {@code name} (its own samples, not _bucket/_sum/_count). */
  public static List<String> samples(MonitoringService service, String name) {
    return text(service).lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).toList();
  }
}
