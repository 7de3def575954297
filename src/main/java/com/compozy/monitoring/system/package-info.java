/**
 * Build info, uptime and the JVM's runtime metrics:
 * {@link com.compozy.monitoring.system.SystemMetrics}, bound with {@code SystemMetrics.of(service)}.
 * Plain Java. API.
 */
package com.compozy.monitoring.system;
