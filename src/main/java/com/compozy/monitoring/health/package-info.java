/**
 * Readiness logic as plain MicroProfile Health checks: whether monitoring runs
 * ({@link com.compozy.monitoring.health.MonitoringHealthCheck}) and whether any dispatcher is stale
 * ({@link com.compozy.monitoring.health.DispatchersHealthCheck}). The library registers both as
 * {@code @Readiness} checks in a CDI application. API.
 */
package com.compozy.monitoring.health;
