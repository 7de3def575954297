/**
 * Monitoring settings: {@link com.compozy.monitoring.config.MonitoringConfig}, built with its
 * builder or read once from a key-value source such as MicroProfile Config, and validated with
 * messages that name the offending key and value. API.
 */
package com.compozy.monitoring.config;
