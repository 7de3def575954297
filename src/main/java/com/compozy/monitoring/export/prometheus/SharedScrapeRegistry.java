package com.compozy.monitoring.export.prometheus;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A view of a registry for {@code PrometheusScrapeHandler} in which concurrent scrapes share one
 * collection: a scrape that arrives while another is collecting waits for that collection's
 * snapshots instead of collecting again, so a storm of scrapes (several Prometheus replicas, a
 * dashboard refreshed by many users, a hostile client) costs one collection at a time rather than
 * one per request. Each request still writes its own format and compression from the shared,
 * immutable snapshots. Nothing is cached: a scrape that arrives after a collection ended starts a
 * new one.
 *
 * <pre>{@code
 * new PrometheusScrapeHandler(PrometheusProperties.get(), new SharedScrapeRegistry(registry));
 * }</pre>
 *
 * <p>Scrapes filtered with {@code name[]} share a collection with concurrent scrapes asking for the
 * same set of names (in any order), not with unfiltered ones: the handler's filter depends only on
 * those names and its fixed properties. Collectors see the request of the scrape that started the
 * collection; the library's collectors ignore it.
 */
final class SharedScrapeRegistry extends PrometheusRegistry {
  private static final List<String> ALL = List.of();

  private final PrometheusRegistry registry;
  private final Map<List<String>, CompletableFuture<MetricSnapshots>> running = new ConcurrentHashMap<>();

  SharedScrapeRegistry(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public MetricSnapshots scrape() {
    return shared(ALL, registry::scrape);
  }

  @Override
  public MetricSnapshots scrape(PrometheusScrapeRequest request) {
    return shared(ALL, () -> registry.scrape(request));
  }

  @Override
  public MetricSnapshots scrape(Predicate<String> includedNames) {
    return registry.scrape(includedNames); // no request, so no key for the filter
  }

  @Override
  public MetricSnapshots scrape(Predicate<String> includedNames, PrometheusScrapeRequest request) {
    String[] names = request == null ? null : request.getParameterValues("name[]");
    List<String> key = names == null ? ALL : Arrays.stream(names).distinct().sorted().toList();
    return shared(key, () -> registry.scrape(includedNames, request));
  }

  @Override
  public void register(Collector collector) {
    registry.register(collector);
  }

  @Override
  public void register(MultiCollector collector) {
    registry.register(collector);
  }

  @Override
  public void unregister(Collector collector) {
    registry.unregister(collector);
  }

  @Override
  public void unregister(MultiCollector collector) {
    registry.unregister(collector);
  }

  @Override
  public void clear() {
    registry.clear();
  }

  /** Scrapes waiting for another's collection now; for tests. */
  int waiting() {
    return running.values().stream().mapToInt(CompletableFuture::getNumberOfDependents).sum();
  }

  private MetricSnapshots shared(List<String> key, Supplier<MetricSnapshots> collect) {
    CompletableFuture<MetricSnapshots> mine = new CompletableFuture<>();
    CompletableFuture<MetricSnapshots> other = running.putIfAbsent(key, mine);
    if (other != null) {
      return resultOf(other);
    }
    try {
      MetricSnapshots snapshots = collect.get();
      mine.complete(snapshots);
      return snapshots;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private static MetricSnapshots resultOf(CompletableFuture<MetricSnapshots> collection) {
    try {
      return collection.join();
    } catch (CompletionException e) {
      // the collecting scrape failed: each waiting scrape fails the same way, as it would alone
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
