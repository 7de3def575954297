package com.compozy.monitoring.testing;

import com.compozy.monitoring.service.MonitoringService;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One scrape, as the samples a Prometheus server stores: sample names as in the text format
 * ({@code x_total}, {@code x_bucket{le="0.5"}}, {@code x_count}, {@code x_sum}) with their full
 * label sets. The one exposition helper of the tests.
 *
 * <pre>{@code
 * Scrape scrape = Scrape.of(service);                       // in-process: the registry's snapshots
 * Scrape http = Scrape.parse(response.body());              // an HTTP scrape (Prometheus text)
 * double beats = scrape.value("compozy_dispatcher_heartbeat_total", "dispatcher_id", "d1");
 * assertThat(scrape.labelSets("compozy_dispatcher_heartbeat_total")).containsExactly(Map.of("dispatcher_id", "d1"));
 * double sent = Scrape.increase(before, after, "compozy_http_requests_total", "http_method", "GET", ...);
 * }</pre>
 *
 * <p>Lookups are exact: the name and every label must match. A missing series is an assertion
 * failure that lists the series the scrape does have under that name, never a silent 0; only
 * {@link #increase} treats a series missing from the earlier scrape as 0, because a counter
 * appears with its first increment.
 *
 * <p>In-process scrapes read client_java's snapshot model ({@link PrometheusRegistry#scrape()});
 * HTTP scrapes go through the small text parser below. {@code ScrapeTest} checks that both give
 * the same samples for the same registry. {@link #text} and {@link #openMetrics} render a registry
 * for assertions on the format itself ({@code # TYPE} lines, promtool input).
 */
public final class Scrape {
  /** One sample; {@code labels} are in name order. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** The series key as the text format writes it: {@code name{a="1",b="2"}}. */
    public String series() {
      return key(name, labels);
    }

    @Override
    public String toString() {
      return series() + " " + value;
    }
  }

  /** One metric family: its name as in the text format's {@code # TYPE} line, type and help. */
  public record Family(String name, String type, String help) {}

  private final List<Sample> samples;
  private final Map<String, Family> families;

  private Scrape(List<Sample> samples, Map<String, Family> families) {
    this.samples = List.copyOf(samples);
    this.families = Collections.unmodifiableMap(families);
  }

  /** This scrape with {@code more} samples after its own (a view that derives series, say). */
  public Scrape with(List<Sample> more) {
    List<Sample> all = new ArrayList<>(samples);
    all.addAll(more);
    return new Scrape(all, new LinkedHashMap<>(families));
  }

  /** Scrapes the service's registry now; fails when the service has none. */
  public static Scrape of(MonitoringService service) {
    return of(registry(service));
  }

  /** Scrapes {@code registry} now. */
  public static Scrape of(PrometheusRegistry registry) {
    return of(registry.scrape());
  }

  /** The samples of {@code snapshots}, named as the Prometheus text format names them. */
  public static Scrape of(MetricSnapshots snapshots) {
    List<Sample> samples = new ArrayList<>();
    Map<String, Family> families = new LinkedHashMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      String base = snapshot.getMetadata().getPrometheusName();
      String help = snapshot.getMetadata().getHelp() == null ? "" : snapshot.getMetadata().getHelp();
      if (snapshot instanceof CounterSnapshot counter) {
        families.put(base + "_total", new Family(base + "_total", "counter", help));
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
          samples.add(new Sample(base + "_total", labels(point), point.getValue()));
        }
      } else if (snapshot instanceof GaugeSnapshot gauge) {
        families.put(base, new Family(base, "gauge", help));
        for (GaugeSnapshot.GaugeDataPointSnapshot point : gauge.getDataPoints()) {
          samples.add(new Sample(base, labels(point), point.getValue()));
        }
      } else if (snapshot instanceof UnknownSnapshot unknown) {
        families.put(base, new Family(base, "untyped", help));
        for (UnknownSnapshot.UnknownDataPointSnapshot point : unknown.getDataPoints()) {
          samples.add(new Sample(base, labels(point), point.getValue()));
        }
      } else if (snapshot instanceof HistogramSnapshot histogram) {
        families.put(base, new Family(base, "histogram", help));
        for (HistogramSnapshot.HistogramDataPointSnapshot point : histogram.getDataPoints()) {
          Map<String, String> labels = labels(point);
          ClassicHistogramBuckets buckets = point.getClassicBuckets();
          long cumulative = 0;
          for (int i = 0; i < buckets.size(); i++) {
            cumulative += buckets.getCount(i);
            samples.add(new Sample(base + "_bucket", with(labels, "le", bound(buckets.getUpperBound(i))),
                cumulative));
          }
          samples.add(new Sample(base + "_count", labels, point.hasCount() ? point.getCount() : cumulative));
          if (point.hasSum()) {
            samples.add(new Sample(base + "_sum", labels, point.getSum()));
          }
        }
      } else if (snapshot instanceof SummarySnapshot summary) {
        families.put(base, new Family(base, "summary", help));
        for (SummarySnapshot.SummaryDataPointSnapshot point : summary.getDataPoints()) {
          Map<String, String> labels = labels(point);
          point.getQuantiles().forEach(q -> samples.add(
              new Sample(base, with(labels, "quantile", bound(q.getQuantile())), q.getValue())));
          if (point.hasCount()) {
            samples.add(new Sample(base + "_count", labels, point.getCount()));
          }
          if (point.hasSum()) {
            samples.add(new Sample(base + "_sum", labels, point.getSum()));
          }
        }
      } else if (snapshot instanceof InfoSnapshot info) {
        families.put(base + "_info", new Family(base + "_info", "gauge", help));
        for (InfoSnapshot.InfoDataPointSnapshot point : info.getDataPoints()) {
          samples.add(new Sample(base + "_info", labels(point), 1));
        }
      } else if (snapshot instanceof StateSetSnapshot stateSet) {
        families.put(base, new Family(base, "gauge", help));
        for (StateSetSnapshot.StateSetDataPointSnapshot point : stateSet.getDataPoints()) {
          for (int i = 0; i < point.size(); i++) {
            samples.add(new Sample(base, with(labels(point), base, point.getName(i)),
                point.isTrue(i) ? 1 : 0));
          }
        }
      } else {
        throw new AssertionError("Scrape does not know " + snapshot.getClass().getName());
      }
    }
    return new Scrape(samples, families);
  }

  /**
   * Parses a scrape in the Prometheus text format (also reads OpenMetrics text): the samples and
   * the families of its {@code # TYPE} and {@code # HELP} lines.
   */
  public static Scrape parse(String exposition) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
        String[] parts = line.split(" ", 4);
        String text = parts.length > 3 ? parts[3] : "";
        if (parts[1].equals("TYPE")) {
          types.put(parts[2], text);
        } else {
          helps.put(parts[2], text.replace("\\n", "\n").replace("\\\\", "\\"));
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      samples.add(parseSample(line));
    }
    Map<String, Family> families = new LinkedHashMap<>();
    types.forEach((name, type) -> families.put(name, new Family(name, type, helps.getOrDefault(name, ""))));
    return new Scrape(samples, families);
  }

  /** The series {@code name} with exactly {@code labels} (name, value, name, value, ...). */
  public double value(String name, String... labels) {
    return value(name, pairs(labels));
  }

  /** The series {@code name} with exactly {@code labels}; fails, listing what exists, when absent. */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels).orElseThrow(() -> new AssertionError(missing(name, labels))).value();
  }

  /** Whether the series exists. */
  public boolean has(String name, String... labels) {
    return find(name, pairs(labels)).isPresent();
  }

  /**
   * {@code after}'s value of the series minus {@code before}'s. The series must be in
   * {@code after}; missing from {@code before} it counts as 0 (a counter appears when first
   * incremented).
   */
  public static double increase(Scrape before, Scrape after, String name, String... labels) {
    return increase(before, after, name, pairs(labels));
  }

  /** {@link #increase(Scrape, Scrape, String, String...)} with the labels as a map. */
  public static double increase(Scrape before, Scrape after, String name, Map<String, String> labels) {
    double now = after.value(name, labels);
    return now - before.find(name, labels).map(Sample::value).orElse(0.0);
  }

  /** Every sample, in exposition order. */
  public List<Sample> samples() {
    return samples;
  }

  /** The samples of exactly this sample name ({@code x_bucket}, not {@code x}), in exposition order. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).toList();
  }

  /** The label set of every sample of {@code name}, to assert that nothing else was recorded. */
  public List<Map<String, String>> labelSets(String name) {
    return samples(name).stream().map(Sample::labels).toList();
  }

  /** The distinct values of label {@code label} among the samples of {@code name}, in order. */
  public List<String> labelValues(String name, String label) {
    return samples(name).stream().map(s -> s.labels.get(label)).filter(v -> v != null).distinct().toList();
  }

  /** The families whose name starts with {@code prefix}, in exposition order. */
  public List<Family> families(String prefix) {
    return families.values().stream().filter(f -> f.name.startsWith(prefix)).toList();
  }

  /** Family name to type ({@code counter}, {@code gauge}, {@code histogram}, {@code untyped}, ...). */
  public Map<String, String> types(String prefix) {
    return families(prefix).stream().collect(Collectors.toMap(Family::name, Family::type,
        (a, b) -> a, LinkedHashMap::new));
  }

  /** The service's registry in the Prometheus text format, as a scrape would serve it. */
  public static String text(MonitoringService service) {
    return render(registry(service), PrometheusTextFormatWriter.create());
  }

  /** The service's registry in the OpenMetrics text format. */
  public static String openMetrics(MonitoringService service) {
    return render(registry(service), OpenMetricsTextFormatWriter.create());
  }

  @Override
  public String toString() {
    return samples.stream().map(Sample::toString).collect(Collectors.joining("\n"));
  }

  private Optional<Sample> find(String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(labels)).findFirst();
  }

  private String missing(String name, Map<String, String> labels) {
    List<Sample> existing = samples(name);
    if (!existing.isEmpty()) {
      return "no series " + key(name, labels) + " in the scrape; " + name + " has " + existing.size()
          + ":\n  " + existing.stream().map(Sample::toString).collect(Collectors.joining("\n  "));
    }
    String family = name.replaceAll("_(total|bucket|count|sum|info)$", "");
    List<String> near = samples.stream().map(Sample::name).filter(n -> n.startsWith(family)).distinct().toList();
    return "no series " + key(name, labels) + " in the scrape: nothing is named " + name
        + (near.isEmpty() ? "" : "; similar names: " + near);
  }

  private static PrometheusRegistry registry(MonitoringService service) {
    return service.prometheusRegistry()
        .orElseThrow(() -> new AssertionError(service + " has no registry to scrape"));
  }

  private static String render(PrometheusRegistry registry, ExpositionFormatWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> labels(DataPointSnapshot point) {
    Map<String, String> labels = new TreeMap<>();
    for (Label label : point.getLabels()) {
      labels.put(label.getName(), label.getValue());
    }
    return Collections.unmodifiableMap(labels);
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(name, value);
    return Collections.unmodifiableMap(all);
  }

  /** A bucket bound or quantile as the text format writes it: {@code 0.005}, {@code 1.0}, {@code +Inf}. */
  private static String bound(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (value == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return Double.toString(value);
  }

  private static Map<String, String> pairs(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs: " + List.of(labels));
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return map;
  }

  private static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    return name + new TreeMap<>(labels).entrySet().stream()
        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** {@code name{a="1",b="x\"y"} 2.0 [timestamp]} */
  private static Sample parseSample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new TreeMap<>();
    String name;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).trim();
        if (line.charAt(eq + 1) != '"') {
          throw new AssertionError("unparsable sample line: " + line);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (char c = line.charAt(j); c != '"'; c = line.charAt(++j)) {
          if (c == '\\') {
            char escaped = line.charAt(++j);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] valueAndTime = line.substring(rest).trim().split(" ");
    return new Sample(name, Collections.unmodifiableMap(labels), number(valueAndTime[0]));
  }

  private static double number(String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(text);
    }
  }
}
