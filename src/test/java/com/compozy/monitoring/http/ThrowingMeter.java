package com.compozy.monitoring.http;

import io.opentelemetry.api.metrics.Meter;
import java.lang.reflect.Proxy;

/** A meter whose instruments throw on every recording, like a broken SDK would (as the temporal tests' one). */
final class ThrowingMeter {
  private ThrowingMeter() {}

  static Meter create() {
    return (Meter) proxy(Meter.class);
  }

  private static Object proxy(Class<?> type) {
    return Proxy.newProxyInstance(ThrowingMeter.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          if (method.getName().equals("add") || method.getName().equals("record")) {
            throw new IllegalStateException("broken meter");
          }
          Class<?> returned = method.getReturnType();
          return returned.isInterface() ? proxy(returned) : null;
        });
  }
}
