/**
 * Memory-manager metrics: {@link com.compozy.monitoring.memory.MemoryMonitor}, bound with
 * {@code MemoryMonitor.of(service)}, and the {@link com.compozy.monitoring.memory.MonitoredMemoryOperation}
 * interceptor binding that records a CDI bean's methods with it. API.
 */
package com.compozy.monitoring.memory;
