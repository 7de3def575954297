/**
 * Test support for applications that use the monitoring library: {@link
 * com.compozy.monitoring.testing.MonitoringExtension} gives each JUnit 5 test an enabled
 * {@code MonitoringService}, {@link com.compozy.monitoring.testing.RecordedMetrics} reads back what
 * it recorded, and {@link com.compozy.monitoring.testing.ManualClock} is its clock. Put this
 * artifact in the test scope only.
 */
package com.compozy.monitoring.testing;
