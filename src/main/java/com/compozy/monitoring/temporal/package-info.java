/**
 * Temporal worker metrics: {@link com.compozy.monitoring.temporal.TemporalMetrics}, bound with
 * {@code TemporalMetrics.of(service)}, gives the worker interceptor that counts workflow runs and
 * activity attempts exactly under replay. Plain Java on the Temporal SDK. API.
 */
package com.compozy.monitoring.temporal;
