package com.compozy.monitoring.temporal;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.Counter;
import com.uber.m3.tally.Gauge;
import com.uber.m3.tally.Histogram;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.uber.m3.tally.Stopwatch;
import com.uber.m3.tally.Timer;
import com.uber.m3.util.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Tally scope that passes everything to another and, while {@link Recorder#recording} is set,
 * writes down what the SDK does with it in order: which scopes it derives ({@code tagged}), which
 * metrics it looks up, which values it records. {@link Recorder#replay} does the same again
 * against any scope, so a benchmark repeats exactly the calls a real worker made, lookups included.
 */
final class RecordingScope implements Scope {
  enum Kind { COUNTER, GAUGE, TIMER, HISTOGRAM }

  private sealed interface Event permits Tagged, Lookup, Value {}

  private record Tagged(int parent, Map<String, String> tags, int child) implements Event {}

  private record Lookup(int metric) implements Event {}

  private record Value(int metric, double value) implements Event {}

  private record MetricId(int scope, Kind kind, String name, Buckets buckets) {}

  /** What every scope derived from one root shares. */
  static final class Recorder {
    final AtomicBoolean recording = new AtomicBoolean();
    private final List<Event> events = new ArrayList<>();
    private final List<Tagged> scopes = new ArrayList<>();
    private final List<MetricId> metrics = new ArrayList<>();

    /** The number of values recorded while recording. */
    synchronized long values() {
      return events.stream().filter(event -> event instanceof Value).count();
    }

    /** Recorded events by kind: {@code tagged}, {@code lookup}, {@code value}. */
    synchronized Map<String, Long> eventsByKind() {
      return events.stream().collect(java.util.stream.Collectors.groupingBy(
          event -> event.getClass().getSimpleName().toLowerCase(), java.util.TreeMap::new,
          java.util.stream.Collectors.counting()));
    }

    synchronized Map<Kind, Long> valuesByKind() {
      return events.stream().filter(event -> event instanceof Value)
          .collect(java.util.stream.Collectors.groupingBy(event -> metrics.get(((Value) event).metric()).kind(),
              java.util.stream.Collectors.counting()));
    }

    /**
     * A replay against {@code root}: the scopes and metrics the SDK had before recording started
     * are derived at once, untimed; {@link Runnable#run} then repeats the recorded events.
     */
    synchronized Runnable replay(Scope root) {
      Scope[] derived = new Scope[scopes.size() + 1];
      derived[0] = root;
      for (Tagged scope : scopes) {
        derived[scope.child()] = derived[scope.parent()].tagged(scope.tags());
      }
      Object[] resolved = new Object[metrics.size()];
      for (int i = 0; i < resolved.length; i++) {
        resolved[i] = resolve(derived, metrics.get(i));
      }
      Event[] recorded = events.toArray(new Event[0]);
      MetricId[] ids = metrics.toArray(new MetricId[0]);
      return () -> {
        for (Event event : recorded) {
          if (event instanceof Value value) {
            record(resolved[value.metric()], ids[value.metric()].kind(), value.value());
          } else if (event instanceof Lookup lookup) {
            resolved[lookup.metric()] = resolve(derived, ids[lookup.metric()]);
          } else {
            Tagged tagged = (Tagged) event;
            derived[tagged.child()] = derived[tagged.parent()].tagged(tagged.tags());
          }
        }
      };
    }

    private static Object resolve(Scope[] derived, MetricId id) {
      Scope scope = derived[id.scope()];
      return switch (id.kind()) {
        case COUNTER -> scope.counter(id.name());
        case GAUGE -> scope.gauge(id.name());
        case TIMER -> scope.timer(id.name());
        case HISTOGRAM -> scope.histogram(id.name(), id.buckets());
      };
    }

    private static void record(Object metric, Kind kind, double value) {
      switch (kind) {
        case COUNTER -> ((Counter) metric).inc((long) value);
        case GAUGE -> ((Gauge) metric).update(value);
        case TIMER -> ((Timer) metric).record(Duration.ofNanos((long) value));
        case HISTOGRAM -> ((Histogram) metric).recordValue(value);
      }
    }

    private synchronized int newScope(int parent, Map<String, String> tags) {
      int child = scopes.size() + 1;
      Tagged tagged = new Tagged(parent, tags, child);
      scopes.add(tagged);
      if (recording.get()) {
        events.add(tagged);
      }
      return child;
    }

    private synchronized int newMetric(int scope, Kind kind, String name, Buckets buckets) {
      metrics.add(new MetricId(scope, kind, name, buckets));
      int metric = metrics.size() - 1;
      if (recording.get()) {
        events.add(new Lookup(metric));
      }
      return metric;
    }

    private void value(int metric, double value) {
      if (recording.get()) {
        synchronized (this) {
          events.add(new Value(metric, value));
        }
      }
    }
  }

  final Recorder recorder;
  private final Scope target;
  private final int id;

  RecordingScope(Scope target) {
    this(target, new Recorder(), 0);
  }

  private RecordingScope(Scope target, Recorder recorder, int id) {
    this.target = target;
    this.recorder = recorder;
    this.id = id;
  }

  @Override
  public Counter counter(String name) {
    Counter counter = target.counter(name);
    int metric = recorder.newMetric(id, Kind.COUNTER, name, null);
    return delta -> {
      recorder.value(metric, delta);
      counter.inc(delta);
    };
  }

  @Override
  public Gauge gauge(String name) {
    Gauge gauge = target.gauge(name);
    int metric = recorder.newMetric(id, Kind.GAUGE, name, null);
    return value -> {
      recorder.value(metric, value);
      gauge.update(value);
    };
  }

  @Override
  public Timer timer(String name) {
    Timer timer = target.timer(name);
    int metric = recorder.newMetric(id, Kind.TIMER, name, null);
    return new Timer() {
      @Override
      public void record(Duration interval) {
        recorder.value(metric, interval.getNanos());
        timer.record(interval);
      }

      @Override
      public Stopwatch start() {
        return new Stopwatch(System.nanoTime(), started -> record(Duration.between(started, System.nanoTime())));
      }
    };
  }

  @Override
  public Histogram histogram(String name, Buckets buckets) {
    Histogram histogram = target.histogram(name, buckets);
    int metric = recorder.newMetric(id, Kind.HISTOGRAM, name, buckets);
    return new Histogram() {
      @Override
      public void recordValue(double value) {
        recorder.value(metric, value);
        histogram.recordValue(value);
      }

      @Override
      public void recordDuration(Duration value) {
        recordValue(value.getSeconds());
      }

      @Override
      public Stopwatch start() {
        return new Stopwatch(System.nanoTime(),
            started -> recordDuration(Duration.between(started, System.nanoTime())));
      }
    };
  }

  @Override
  public Scope tagged(Map<String, String> tags) {
    Map<String, String> copy = tags == null ? null : Map.copyOf(tags);
    return new RecordingScope(target.tagged(tags), recorder, recorder.newScope(id, copy));
  }

  @Override
  public Scope subScope(String name) {
    throw new UnsupportedOperationException("the SDK's metrics use no sub-scope: " + name);
  }

  @Override
  public Capabilities capabilities() {
    return target.capabilities();
  }

  @Override
  public void close() throws ScopeCloseException {
    target.close();
  }
}
