package com.compozy.monitoring.cdi.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.mpmetrics.MicroProfileMetrics;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptors driven as a container drives them, with hand-made invocation contexts. */
class InterceptorsTest {
  private static final String PROM = "com_compozy_monitoring_cdi_mpmetrics_InterceptorsTest_";
  private static final Map<String, String> APPLICATION = Map.of("mp_scope", "application");

  static class Orders {
    @Counted
    public String place(boolean fail) {
      if (fail) {
        throw new IllegalStateException("out of stock");
      }
      return "placed";
    }

    @Timed(name = "ship", absolute = true)
    public String ship() {
      return "shipped";
    }
  }

  @Counted(absolute = true)
  @Timed(name = "built", absolute = true)
  static class Warehouse {
    Warehouse() {}
  }

  static class Queue {
    final AtomicInteger size = new AtomicInteger(2);

    @Gauge(unit = MetricUnits.NONE, absolute = true)
    public int queueSize() {
      return size.get();
    }
  }

  /** What Weld's interception subclass looks like to an interceptor. */
  static class Orders$Proxy$_$$_WeldSubclass extends Orders {}

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void countedCountsEveryCallIncludingThoseThatThrowUnderTheBeanClassName() throws Exception {
    CountedInterceptor interceptor = new CountedInterceptor(service);
    Orders orders = new Orders$Proxy$_$$_WeldSubclass();
    var place = Orders.class.getMethod("place", boolean.class);

    assertThat(interceptor.countCall(Invocations.call(orders, place, () -> orders.place(false)))).isEqualTo("placed");
    assertThatThrownBy(() -> interceptor.countCall(Invocations.call(orders, place, () -> orders.place(true))))
        .isInstanceOf(IllegalStateException.class).hasMessage("out of stock");

    assertThat(Scrape.of(service).value(PROM + "Orders_place_total", APPLICATION)).isEqualTo(2);
    assertThat(MicroProfileMetrics.of(service).registry().getNames())
        .containsExactly("com.compozy.monitoring.cdi.mpmetrics.InterceptorsTest.Orders.place");
  }

  @Test
  void timedTimesEachCallInSeconds() throws Exception {
    TimedInterceptor interceptor = new TimedInterceptor(service);
    Orders orders = new Orders();
    var ship = Orders.class.getMethod("ship");

    assertThat(interceptor.timeCall(Invocations.call(orders, ship, orders::ship))).isEqualTo("shipped");
    assertThatThrownBy(() -> interceptor.timeCall(Invocations.call(orders, ship, () -> {
      throw new java.io.IOException("carrier down");
    }))).isInstanceOf(java.io.IOException.class);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("ship_seconds_count", APPLICATION)).isEqualTo(2);
    assertThat(scrape.value("ship_seconds_bucket", Map.of("mp_scope", "application", "le", "+Inf"))).isEqualTo(2);
  }

  @Test
  void classLevelBindingsCountAndTimeConstructors() throws Exception {
    var constructor = Warehouse.class.getDeclaredConstructor();
    new CountedInterceptor(service).countConstruction(Invocations.construction(constructor, Warehouse::new));
    new TimedInterceptor(service).timeConstruction(Invocations.construction(constructor, Warehouse::new));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("Warehouse_Warehouse_total", APPLICATION)).isEqualTo(1);
    assertThat(scrape.value("built_Warehouse_seconds_count", APPLICATION)).isEqualTo(1);
  }

  @Test
  void gaugeInterceptorRegistersTheNewInstancesGauges() throws Exception {
    Object[] built = new Object[1];
    Object result = new GaugeInterceptor(service).register(Invocations.construction(
        Queue.class.getDeclaredConstructor(), () -> built[0] = new Queue()));

    assertThat(result).isSameAs(built[0]);
    ((Queue) built[0]).size.set(6);
    assertThat(Scrape.of(service).value("queueSize", APPLICATION)).isEqualTo(6);
  }

  @Test
  void monitoringFailuresNeverFailTheCall() throws Exception {
    MicroProfileMetrics.of(service).registry().gauge("ship", () -> 1); // "ship" is now a gauge
    Orders orders = new Orders();
    var ship = Orders.class.getMethod("ship");

    assertThat(new TimedInterceptor(service).timeCall(Invocations.call(orders, ship, orders::ship))).isEqualTo("shipped");
    assertThat(Scrape.of(service).has("ship_seconds_count")).isFalse();
  }

  @Test
  void interceptorsAreEnabledByPriorityAndBoundByTheSpecificationsAnnotations() {
    for (Class<?> interceptor : new Class<?>[] {CountedInterceptor.class, TimedInterceptor.class, GaugeInterceptor.class}) {
      assertThat(interceptor.getAnnotation(Priority.class).value()).isEqualTo(Interceptor.Priority.LIBRARY_BEFORE + 10);
      assertThat(interceptor.isAnnotationPresent(Interceptor.class)).isTrue();
    }
    assertThat(CountedInterceptor.class.isAnnotationPresent(Counted.class)).isTrue();
    assertThat(TimedInterceptor.class.isAnnotationPresent(Timed.class)).isTrue();
    assertThat(GaugeInterceptor.class.isAnnotationPresent(GaugeOwner.class)).isTrue();
  }

  @Test
  void beanClassSeesThroughWeldsSubclass() {
    assertThat(Beans.beanClass(new Orders$Proxy$_$$_WeldSubclass())).isEqualTo(Orders.class);
    assertThat(Beans.beanClass(new Orders())).isEqualTo(Orders.class);
  }
}
