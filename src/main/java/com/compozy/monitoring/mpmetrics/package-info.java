/**
 * MicroProfile Metrics 5.1 on OpenTelemetry: a {@link org.eclipse.microprofile.metrics.MetricRegistry}
 * whose counters, timers, histograms and gauges are instruments of the service's {@code Meter}, so
 * they appear at the library's scrape endpoint. API: {@link com.compozy.monitoring.mpmetrics.MicroProfileMetrics}
 * (bound with {@code MicroProfileMetrics.of(service)}), the naming rules of the annotations
 * ({@link com.compozy.monitoring.mpmetrics.AnnotatedMetrics}) and the check whether the runtime brings
 * MicroProfile Metrics itself ({@link com.compozy.monitoring.mpmetrics.MicroProfileMetricsPresence}).
 * The CDI wiring (interceptors, producers) is in {@code com.compozy.monitoring.cdi.mpmetrics}.
 *
 * <p>Every class here but {@code MicroProfileMetricsPresence} needs {@code microprofile-metrics-api}
 * at run time; the library declares it {@code provided}.
 */
package com.compozy.monitoring.mpmetrics;
