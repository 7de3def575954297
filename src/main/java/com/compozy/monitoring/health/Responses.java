package com.compozy.monitoring.health;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Builds responses through the runtime's builder, which keeps data types: Payara renders the data
 * of a directly constructed response as strings ({@code "true"}), Liberty as JSON values.
 */
final class Responses {
  private Responses() {}

  static HealthCheckResponse of(String name, boolean up, Map<String, Object> data) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(up);
    data.forEach((key, value) -> {
      if (value instanceof Boolean flag) {
        builder.withData(key, flag);
      } else if (value instanceof Number number) {
        builder.withData(key, number.longValue());
      } else {
        builder.withData(key, String.valueOf(value));
      }
    });
    return builder.build();
  }
}
