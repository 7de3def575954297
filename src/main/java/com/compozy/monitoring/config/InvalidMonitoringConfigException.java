package com.compozy.monitoring.config;

/**
 * Thrown when monitoring configuration is invalid. The message names the offending key or value, so
 * it can be logged as is.
 */
public final class InvalidMonitoringConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidMonitoringConfigException(String message) {
    super(message);
  }

  InvalidMonitoringConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
