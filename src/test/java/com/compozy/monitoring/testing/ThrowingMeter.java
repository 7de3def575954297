package com.compozy.monitoring.testing;

import io.opentelemetry.api.metrics.Meter;
import java.lang.reflect.Proxy;

/**
 * A meter whose instruments throw on every recording ({@code add}, {@code record}), like a broken
 * SDK would. Builders and callbacks are inert proxies: an observable callback never runs. Usable
 * where a feature takes a {@code Meter} (package-private constructors); a {@code MonitoringService}
 * always has the SDK's meter.
 */
public final class ThrowingMeter {
  private ThrowingMeter() {}

  public static Meter create() {
    return (Meter) proxy(Meter.class);
  }

  private static Object proxy(Class<?> type) {
    return Proxy.newProxyInstance(ThrowingMeter.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          if (method.getName().equals("add") || method.getName().equals("record")) {
            throw new IllegalStateException("broken meter");
          }
          if (method.getName().equals("toString")) {
            return "ThrowingMeter." + type.getSimpleName();
          }
          Class<?> returned = method.getReturnType();
          return returned.isInterface() ? proxy(returned) : null;
        });
  }
}
