package com.compozy.monitoring.it.mpmetrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.eclipse.microprofile.metrics.annotation.Timed;

/** A bean written for MicroProfile Metrics, unchanged: method annotations and a gauge. */
@ApplicationScoped
public class Inventory {
  private final AtomicInteger stock = new AtomicInteger(10);

  @Counted(name = "reservations", description = "Reservations asked for", tags = "kind=online")
  public boolean reserve(boolean fail) {
    if (fail) {
      throw new IllegalStateException("nothing left");
    }
    return stock.decrementAndGet() >= 0;
  }

  @Timed(name = "restock", absolute = true, description = "Restocking time")
  public void restock(int items) {
    stock.addAndGet(items);
  }

  @Gauge(name = "stock", absolute = true, unit = MetricUnits.NONE, description = "Items in stock")
  public int stock() {
    return stock.get();
  }
}
