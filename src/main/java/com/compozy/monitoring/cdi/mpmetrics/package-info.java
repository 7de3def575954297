/**
 * Container wiring of MicroProfile Metrics on OpenTelemetry, not API: the interceptors of
 * {@code @Counted}, {@code @Timed} and {@code @Gauge} and the producers of {@code MetricRegistry},
 * {@code Counter}, {@code Timer} and {@code Histogram}. The library's {@code beans.xml} keeps this
 * package out of discovery; {@code MicroProfileMetricsExtension} adds its beans only when the
 * application ships the MicroProfile Metrics API and the runtime does not implement it, so a WAR
 * without the API never loads these classes. The metrics themselves are in
 * {@code com.compozy.monitoring.mpmetrics}.
 */
package com.compozy.monitoring.cdi.mpmetrics;
