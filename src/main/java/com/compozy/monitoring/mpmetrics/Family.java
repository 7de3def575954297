package com.compozy.monitoring.mpmetrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;

/**
 * All metrics of one name in one registry: one OpenTelemetry instrument, one type, one metadata and
 * one set of tag names, as MicroProfile Metrics requires of a name.
 */
final class Family {
  /** A metric and the attributes its series is recorded with, built once. */
  record Member(Metric metric, Attributes attributes) {}

  final String name;
  final MetricKind kind;
  final Metadata metadata;
  final Set<String> tagNames;
  final Map<MetricID, Member> members = new ConcurrentHashMap<>();
  /** The observable instrument's registration (counters, gauges); null for histograms. */
  AutoCloseable observation;
  /** The synchronous histogram (timers, histograms); null otherwise. */
  io.opentelemetry.api.metrics.DoubleHistogram histogram;

  Family(String name, MetricKind kind, Metadata metadata, Set<String> tagNames) {
    this.name = name;
    this.kind = kind;
    this.metadata = metadata;
    this.tagNames = tagNames;
  }

  /** The tags as attributes, and {@code mp_scope} as MicroProfile Metrics' Prometheus output has it. */
  static Attributes attributes(MetricID id, String scope) {
    AttributesBuilder attributes = Attributes.builder();
    id.getTags().forEach(attributes::put);
    return attributes.put(MicroProfileMetrics.SCOPE_TAG, scope).build();
  }

  void close() {
    members.values().forEach(member -> {
      if (member.metric() instanceof OtelTimer timer) {
        timer.distribution().unregister();
      } else if (member.metric() instanceof OtelHistogram histogram) {
        histogram.distribution().unregister();
      }
    });
    if (observation != null) {
      try {
        observation.close();
      } catch (Exception e) {
        // an OpenTelemetry observable's close does not throw
      }
    }
  }
}
