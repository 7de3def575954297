package com.compozy.monitoring.testing;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A scrape in Prometheus' protobuf format ({@code encoding=delimited}), decoded with client_java's
 * own generated classes, and rendered as the samples a text scrape of the same registry has, so the
 * two can be compared series by series.
 */
public final class ProtobufScrape {
  public static final String ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

  private final List<Metrics.MetricFamily> families;

  private ProtobufScrape(List<Metrics.MetricFamily> families) {
    this.families = families;
  }

  public static ProtobufScrape parse(byte[] body, boolean gzipped) {
    List<Metrics.MetricFamily> families = new ArrayList<>();
    try (InputStream in = gzipped ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
      Metrics.MetricFamily family;
      while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
        families.add(family);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProtobufScrape(families);
  }

  public List<Metrics.MetricFamily> families() {
    return families;
  }

  public Metrics.MetricFamily family(String name) {
    return families.stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow(() ->
        new AssertionError(name + " missing; families: " + families.stream().map(Metrics.MetricFamily::getName).toList()));
  }

  /**
   * Every sample as the text format names it ({@code _total}, {@code _bucket} with a cumulative
   * {@code le}, {@code _count}, {@code _sum}), keyed by {@link #key}.
   */
  public Map<String, Double> samples() {
    Map<String, Double> samples = new TreeMap<>();
    for (Metrics.MetricFamily family : families) {
      String name = family.getName();
      for (Metrics.Metric metric : family.getMetricList()) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.getLabelList().forEach(pair -> labels.put(pair.getName(), pair.getValue()));
        switch (family.getType()) {
          case COUNTER -> samples.put(key(name.endsWith("_total") ? name : name + "_total", labels),
              metric.getCounter().getValue());
          case GAUGE -> samples.put(key(name, labels), metric.getGauge().getValue());
          case UNTYPED -> samples.put(key(name, labels), metric.getUntyped().getValue());
          case SUMMARY -> {
            metric.getSummary().getQuantileList().forEach(q ->
                samples.put(key(name, with(labels, "quantile", String.valueOf(q.getQuantile()))), q.getValue()));
            samples.put(key(name + "_count", labels), (double) metric.getSummary().getSampleCount());
            samples.put(key(name + "_sum", labels), metric.getSummary().getSampleSum());
          }
          case HISTOGRAM -> {
            Metrics.Histogram histogram = metric.getHistogram();
            boolean infinite = false;
            for (Metrics.Bucket bucket : histogram.getBucketList()) {
              infinite |= bucket.getUpperBound() == Double.POSITIVE_INFINITY;
              samples.put(key(name + "_bucket", with(labels, "le", String.valueOf(bucket.getUpperBound()))),
                  (double) bucket.getCumulativeCount());
            }
            if (!infinite) {
              samples.put(key(name + "_bucket", with(labels, "le", String.valueOf(Double.POSITIVE_INFINITY))),
                  (double) histogram.getSampleCount());
            }
            samples.put(key(name + "_count", labels), (double) histogram.getSampleCount());
            samples.put(key(name + "_sum", labels), histogram.getSampleSum());
          }
          default -> throw new AssertionError("unexpected family type " + family.getType() + " of " + name);
        }
      }
    }
    return samples;
  }

  /** The samples of a text scrape keyed like {@link #samples()}. */
  public static Map<String, Double> samples(Scrape text) {
    Map<String, Double> samples = new TreeMap<>();
    text.samples().forEach(sample -> {
      Map<String, String> labels = new LinkedHashMap<>(sample.labels());
      labels.computeIfPresent("le", (k, v) -> String.valueOf(Double.parseDouble(v.replace("+Inf", "Infinity"))));
      labels.computeIfPresent("quantile", (k, v) -> String.valueOf(Double.parseDouble(v)));
      samples.put(key(sample.name(), labels), sample.value());
    });
    return samples;
  }

  /** {@code name{a="1",b="2"}} with labels sorted by name. */
  public static String key(String name, Map<String, String> labels) {
    StringBuilder key = new StringBuilder(name).append('{');
    new TreeMap<>(labels).forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
    return key.append('}').toString();
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> result = new LinkedHashMap<>(labels);
    result.put(name, value);
    return result;
  }
}
