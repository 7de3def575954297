package com.compozy.monitoring.mpmetrics;

import com.compozy.monitoring.internal.Buckets;
import com.compozy.monitoring.internal.ThrottledLog;
import io.opentelemetry.api.metrics.Meter;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetadataBuilder;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricFilter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * One scope's registry. Get-or-create as MicroProfile Metrics 5.1 specifies: the same
 * {@link MetricID} gives the same metric; a name keeps its first type, metadata and tag names, and a
 * registration that disagrees is an {@code IllegalArgumentException}. Each name is one OpenTelemetry
 * instrument named as the metric (the Prometheus exporter turns dots into underscores), each
 * {@code MetricID} one series with the tags and {@code mp_scope} as attributes.
 *
 * <p>A name holds at most {@code maxSeriesPerName} metrics: beyond that a get-or-create returns a
 * metric that works for the caller but is neither kept nor exported, and says so in the log
 * (throttled), so that tags with unbounded values cannot grow memory or the scrape.
 */
final class OtelMetricRegistry implements MetricRegistry {
  private static final ThrottledLog LOG = new ThrottledLog(OtelMetricRegistry.class);
  private static final Pattern INVALID_INSTRUMENT_CHARS = Pattern.compile("[^A-Za-z0-9_./-]");

  private final String scope;
  private final Meter meter;
  private final int maxSeriesPerName;
  private final Map<String, Family> families = new ConcurrentHashMap<>();

  OtelMetricRegistry(String scope, Meter meter, int maxSeriesPerName) {
    this.scope = scope;
    this.meter = meter;
    this.maxSeriesPerName = maxSeriesPerName;
  }

  // ---- counters

  @Override
  public Counter counter(String name) {
    return counter(Metadata.builder().withName(name).build());
  }

  @Override
  public Counter counter(String name, Tag... tags) {
    return counter(Metadata.builder().withName(name).build(), tags);
  }

  @Override
  public Counter counter(MetricID id) {
    return counter(id.getName(), id.getTagsAsArray());
  }

  @Override
  public Counter counter(Metadata metadata) {
    return counter(metadata, new Tag[0]);
  }

  @Override
  public Counter counter(Metadata metadata, Tag... tags) {
    return (Counter) getOrCreate(MetricKind.COUNTER, metadata, tags, parts -> new OtelCounter());
  }

  // ---- timers

  @Override
  public Timer timer(String name) {
    return timer(Metadata.builder().withName(name).build());
  }

  @Override
  public Timer timer(String name, Tag... tags) {
    return timer(Metadata.builder().withName(name).build(), tags);
  }

  @Override
  public Timer timer(MetricID id) {
    return timer(id.getName(), id.getTagsAsArray());
  }

  @Override
  public Timer timer(Metadata metadata) {
    return timer(metadata, new Tag[0]);
  }

  @Override
  public Timer timer(Metadata metadata, Tag... tags) {
    return (Timer) getOrCreate(MetricKind.TIMER, metadata, tags,
        parts -> new OtelTimer(new Distribution(parts.family().histogram, parts.attributes())));
  }

  // ---- histograms

  @Override
  public Histogram histogram(String name) {
    return histogram(Metadata.builder().withName(name).build());
  }

  @Override
  public Histogram histogram(String name, Tag... tags) {
    return histogram(Metadata.builder().withName(name).build(), tags);
  }

  @Override
  public Histogram histogram(MetricID id) {
    return histogram(id.getName(), id.getTagsAsArray());
  }

  @Override
  public Histogram histogram(Metadata metadata) {
    return histogram(metadata, new Tag[0]);
  }

  @Override
  public Histogram histogram(Metadata metadata, Tag... tags) {
    return (Histogram) getOrCreate(MetricKind.HISTOGRAM, metadata, tags,
        parts -> new OtelHistogram(new Distribution(parts.family().histogram, parts.attributes())));
  }

  // ---- gauges

  @Override
  public <T, R extends Number> Gauge<R> gauge(String name, T object, Function<T, R> func, Tag... tags) {
    return gauge(Metadata.builder().withName(name).build(), object, func, tags);
  }

  @Override
  public <T, R extends Number> Gauge<R> gauge(MetricID id, T object, Function<T, R> func) {
    return gauge(id.getName(), object, func, id.getTagsAsArray());
  }

  @Override
  public <T, R extends Number> Gauge<R> gauge(Metadata metadata, T object, Function<T, R> func, Tag... tags) {
    return gauge(metadata, () -> func.apply(object), tags);
  }

  @Override
  public <T extends Number> Gauge<T> gauge(String name, Supplier<T> supplier, Tag... tags) {
    return gauge(Metadata.builder().withName(name).build(), supplier, tags);
  }

  @Override
  public <T extends Number> Gauge<T> gauge(MetricID id, Supplier<T> supplier) {
    return gauge(id.getName(), supplier, id.getTagsAsArray());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Number> Gauge<T> gauge(Metadata metadata, Supplier<T> supplier, Tag... tags) {
    return (Gauge<T>) getOrCreate(MetricKind.GAUGE, metadata, tags, parts -> new OtelGauge<>(supplier));
  }

  /**
   * Registers a gauge that must not exist yet, for {@code @Gauge} methods: the specification makes
   * two annotated gauges with one {@code MetricID} an error. Returns false when it exists.
   */
  boolean registerNewGauge(Metadata metadata, Supplier<? extends Number> supplier, Tag... tags) {
    MetricID id = new MetricID(metadata.getName(), tags);
    synchronized (families) {
      Family family = families.get(id.getName());
      if (family != null && family.members.containsKey(id)) {
        return false;
      }
      gauge(metadata, supplier::get, tags);
      return true;
    }
  }

  // ---- lookups

  @Override
  public Metric getMetric(MetricID id) {
    Family family = families.get(id.getName());
    Family.Member member = family == null ? null : family.members.get(id);
    return member == null ? null : member.metric();
  }

  @Override
  public <T extends Metric> T getMetric(MetricID id, Class<T> type) {
    Metric metric = getMetric(id);
    if (metric == null) {
      return null;
    }
    if (!type.isInstance(metric)) {
      throw new IllegalArgumentException(id + " is a " + MetricKind.of(metric).type.getSimpleName()
          + ", not a " + type.getSimpleName());
    }
    return type.cast(metric);
  }

  @Override
  public Counter getCounter(MetricID id) {
    return getMetric(id, Counter.class);
  }

  @Override
  public Gauge<?> getGauge(MetricID id) {
    return getMetric(id, Gauge.class);
  }

  @Override
  public Histogram getHistogram(MetricID id) {
    return getMetric(id, Histogram.class);
  }

  @Override
  public Timer getTimer(MetricID id) {
    return getMetric(id, Timer.class);
  }

  @Override
  public Metadata getMetadata(String name) {
    Family family = families.get(name);
    return family == null ? null : family.metadata;
  }

  @Override
  public SortedSet<String> getNames() {
    return new TreeSet<>(families.keySet());
  }

  @Override
  public SortedSet<MetricID> getMetricIDs() {
    SortedSet<MetricID> ids = new TreeSet<>();
    families.values().forEach(family -> ids.addAll(family.members.keySet()));
    return ids;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public SortedMap<MetricID, Gauge> getGauges() {
    return getGauges(MetricFilter.ALL);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public SortedMap<MetricID, Gauge> getGauges(MetricFilter filter) {
    return getMetrics(Gauge.class, filter);
  }

  @Override
  public SortedMap<MetricID, Counter> getCounters() {
    return getCounters(MetricFilter.ALL);
  }

  @Override
  public SortedMap<MetricID, Counter> getCounters(MetricFilter filter) {
    return getMetrics(Counter.class, filter);
  }

  @Override
  public SortedMap<MetricID, Histogram> getHistograms() {
    return getHistograms(MetricFilter.ALL);
  }

  @Override
  public SortedMap<MetricID, Histogram> getHistograms(MetricFilter filter) {
    return getMetrics(Histogram.class, filter);
  }

  @Override
  public SortedMap<MetricID, Timer> getTimers() {
    return getTimers(MetricFilter.ALL);
  }

  @Override
  public SortedMap<MetricID, Timer> getTimers(MetricFilter filter) {
    return getMetrics(Timer.class, filter);
  }

  @Override
  public SortedMap<MetricID, Metric> getMetrics(MetricFilter filter) {
    return getMetrics(Metric.class, filter);
  }

  @Override
  public <T extends Metric> SortedMap<MetricID, T> getMetrics(Class<T> type, MetricFilter filter) {
    SortedMap<MetricID, T> matching = new TreeMap<>();
    families.values().forEach(family -> family.members.forEach((id, member) -> {
      if (type.isInstance(member.metric()) && filter.matches(id, member.metric())) {
        matching.put(id, type.cast(member.metric()));
      }
    }));
    return Collections.unmodifiableSortedMap(matching);
  }

  @Override
  public Map<MetricID, Metric> getMetrics() {
    return getMetrics(MetricFilter.ALL);
  }

  @Override
  public Map<String, Metadata> getMetadata() {
    Map<String, Metadata> metadata = new HashMap<>();
    families.forEach((name, family) -> metadata.put(name, family.metadata));
    return Collections.unmodifiableMap(metadata);
  }

  @Override
  public String getScope() {
    return scope;
  }

  // ---- removal

  /** Removes every metric of {@code name} and its metadata; their series leave the scrape (timers' and histograms' stay, see {@link Distribution}). */
  @Override
  public boolean remove(String name) {
    synchronized (families) {
      Family family = families.remove(name);
      if (family == null) {
        return false;
      }
      family.close();
      return true;
    }
  }

  @Override
  public boolean remove(MetricID id) {
    synchronized (families) {
      Family family = families.get(id.getName());
      Family.Member member = family == null ? null : family.members.remove(id);
      if (member == null) {
        return false;
      }
      if (member.metric() instanceof OtelTimer timer) {
        timer.distribution().unregister();
      } else if (member.metric() instanceof OtelHistogram histogram) {
        histogram.distribution().unregister();
      }
      if (family.members.isEmpty()) {
        families.remove(id.getName());
        family.close();
      }
      return true;
    }
  }

  @Override
  public void removeMatching(MetricFilter filter) {
    synchronized (families) {
      getMetrics(filter).keySet().forEach(this::remove);
    }
  }

  /** Unregisters every instrument; the registry is empty afterwards. */
  void close() {
    synchronized (families) {
      families.values().forEach(Family::close);
      families.clear();
    }
  }

  // ---- registration

  /** What a new metric is created from: its family's instrument and its series' attributes. */
  record NewMember(Family family, io.opentelemetry.api.common.Attributes attributes) {}

  private Metric getOrCreate(MetricKind kind, Metadata metadata, Tag[] tags, Function<NewMember, Metric> create) {
    Tag[] given = tags == null ? new Tag[0] : tags;
    for (Tag tag : given) {
      if (MicroProfileMetrics.SCOPE_TAG.equals(tag.getTagName()) || "mp_app".equals(tag.getTagName())) {
        throw new IllegalArgumentException("The tag " + tag.getTagName() + " is reserved");
      }
    }
    MetricID id = new MetricID(metadata.getName(), given);
    Family existing = families.get(id.getName());
    if (existing != null) {
      Family.Member member = existing.members.get(id);
      if (member != null && existing.kind == kind && compatible(existing.metadata, metadata)) {
        return member.metric();
      }
    }
    synchronized (families) {
      Family family = families.get(id.getName());
      if (family == null) {
        family = newFamily(kind, metadata, id.getTags().keySet());
        families.put(id.getName(), family);
      } else {
        check(family, kind, metadata, id);
      }
      Family.Member member = family.members.get(id);
      if (member != null) {
        return member.metric();
      }
      NewMember parts = new NewMember(family, Family.attributes(id, scope));
      Metric metric = create.apply(parts);
      if (family.members.size() >= maxSeriesPerName) {
        if (metric instanceof OtelTimer timer) {
          timer.distribution().unregister();
        } else if (metric instanceof OtelHistogram histogram) {
          histogram.distribution().unregister();
        }
        LOG.warn("MicroProfile metric " + id.getName() + " has " + maxSeriesPerName
            + " tag combinations already; " + id + " works but is not kept or exported", null);
        return metric;
      }
      family.members.put(id, new Family.Member(metric, parts.attributes()));
      return metric;
    }
  }

  private Family newFamily(MetricKind kind, Metadata metadata, Set<String> tagNames) {
    Family family = new Family(metadata.getName(), kind, normalized(metadata, kind), Set.copyOf(tagNames));
    String name = instrumentName(metadata.getName());
    String description = metadata.description().orElse("");
    String unit = kind == MetricKind.TIMER ? "s" : Units.otel(metadata.getUnit());
    switch (kind) {
      case COUNTER -> family.observation = meter.counterBuilder(name).setDescription(description).setUnit(unit)
          .buildWithCallback(measurement -> family.members.forEach((id, member) ->
              measurement.record(((Counter) member.metric()).getCount(), member.attributes())));
      case GAUGE -> family.observation = meter.gaugeBuilder(name).setDescription(description).setUnit(unit)
          .buildWithCallback(measurement -> family.members.forEach((id, member) -> {
            Number value = read((Gauge<?>) member.metric(), id);
            if (value != null) {
              measurement.record(value.doubleValue(), member.attributes());
            }
          }));
      case TIMER -> family.histogram = meter.histogramBuilder(name).setDescription(description).setUnit(unit)
          .setExplicitBucketBoundariesAdvice(Buckets.SECONDS).build();
      case HISTOGRAM -> family.histogram = meter.histogramBuilder(name).setDescription(description)
          .setUnit(unit).build();
      default -> throw new IllegalStateException(kind.name());
    }
    return family;
  }

  /** A gauge's value; a gauge that throws or gives null has no point in this collection. */
  private static Number read(Gauge<?> gauge, MetricID id) {
    try {
      return gauge.getValue();
    } catch (RuntimeException e) {
      LOG.warn("reading the MicroProfile gauge " + id + " failed", e);
      return null;
    }
  }

  private static void check(Family family, MetricKind kind, Metadata metadata, MetricID id) {
    if (family.kind != kind) {
      throw new IllegalArgumentException(id.getName() + " is a " + family.kind.type.getSimpleName()
          + ", not a " + kind.type.getSimpleName());
    }
    if (!compatible(family.metadata, metadata)) {
      throw new IllegalArgumentException(id.getName() + " is registered with " + family.metadata
          + ", which differs from " + metadata);
    }
    if (!family.tagNames.equals(id.getTags().keySet())) {
      throw new IllegalArgumentException(id.getName() + " has the tags " + new TreeSet<>(family.tagNames)
          + ", not " + Arrays.toString(id.getTagsAsArray()));
    }
  }

  /** The same, where the new registration specifies a description or a unit. */
  private static boolean compatible(Metadata registered, Metadata requested) {
    if (requested.description().filter(d -> !d.isEmpty())
        .filter(d -> !d.equals(registered.description().orElse(""))).isPresent()) {
      return false;
    }
    return requested.unit().filter(u -> !u.equals(registered.getUnit())).isEmpty();
  }

  private static Metadata normalized(Metadata metadata, MetricKind kind) {
    MetadataBuilder builder = Metadata.builder().withName(metadata.getName());
    metadata.description().filter(d -> !d.isEmpty()).ifPresent(builder::withDescription);
    String unit = metadata.unit().orElse(kind == MetricKind.TIMER ? MetricUnits.NANOSECONDS : MetricUnits.NONE);
    return builder.withUnit(unit).build();
  }

  /**
   * The OpenTelemetry instrument name: the metric's name where OpenTelemetry allows it, else with
   * each character it does not allow replaced by {@code _} (Prometheus would replace them anyway).
   */
  static String instrumentName(String name) {
    String valid = INVALID_INSTRUMENT_CHARS.matcher(name).replaceAll("_");
    if (valid.isEmpty() || !Character.isLetter(valid.charAt(0)) || valid.charAt(0) > 'z') {
      valid = "mp_" + valid;
    }
    return valid.length() > 255 ? valid.substring(0, 255) : valid;
  }
}
