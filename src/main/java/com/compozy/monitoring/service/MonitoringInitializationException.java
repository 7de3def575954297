package com.compozy.monitoring.service;

/** Thrown by {@link MonitoringService#create} when an enabled service cannot be built. */
public final class MonitoringInitializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MonitoringInitializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
