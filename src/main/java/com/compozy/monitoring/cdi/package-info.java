/**
 * Container wiring, not API: everything the library registers by itself in a Jakarta EE /
 * MicroProfile application. The bootstrap that builds the application's {@code MonitoringService}
 * from MicroProfile Config, the CDI producers ({@code MonitoringService}, {@code Meter},
 * {@code Tracer}, {@code OpenTelemetry} and each feature), the servlet container initializer that
 * registers the scrape servlet and the HTTP metrics filter, and the {@code @Readiness} checks.
 *
 * <p>Nothing here holds monitoring logic: each class hands the container's objects to a plain-Java
 * feature package. A new integration goes in a feature package of its own; only its wiring goes
 * here. Applications use the feature packages, never this one.
 */
package com.compozy.monitoring.cdi;
