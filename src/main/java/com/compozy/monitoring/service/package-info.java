/**
 * The core: {@link com.compozy.monitoring.service.MonitoringService} (enabled, disabled or degraded
 * to a no-op; never breaks the application), its builder with the seams for further metric readers
 * and a tracer provider, and {@link com.compozy.monitoring.service.MonitoringBinder}, the one way a
 * feature binds to a service. API.
 */
package com.compozy.monitoring.service;
