/**
 * Dispatchers: a heartbeat registry with staleness
 * ({@link com.compozy.monitoring.dispatcher.DispatcherHealthRegistry}) and lifecycle metrics
 * ({@link com.compozy.monitoring.dispatcher.DispatcherMetrics}), both bound with
 * {@code of(service)}. Plain Java. API.
 */
package com.compozy.monitoring.dispatcher;
