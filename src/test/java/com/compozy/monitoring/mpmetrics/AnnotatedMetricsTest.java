package com.compozy.monitoring.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.Scrape;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MicroProfile Metrics 5.1's "Annotated Naming Convention", each rule to the series it scrapes as. */
class AnnotatedMetricsTest {
  private static final String PKG = "com.compozy.monitoring.mpmetrics";
  private static final String PROM_PKG = "com_compozy_monitoring_mpmetrics";
  private static final Map<String, String> APPLICATION = Map.of("mp_scope", "application");

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final MicroProfileMetrics metrics = MicroProfileMetrics.of(service);
  private final AnnotatedMetrics annotated = metrics.annotated();
  private final MetricRegistry registry = metrics.registry();

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private static Executable method(Class<?> type, String name) throws NoSuchMethodException {
    return type.getDeclaredMethod(name);
  }

  private void count(Class<?> type, String method) throws NoSuchMethodException {
    annotated.counter(method(type, method), type).inc();
  }

  @Test
  void methodAnnotationsAreRelativeToTheDeclaringClassUnlessAbsolute() throws Exception {
    for (String colour : new String[] {"red", "blue", "green", "yellow"}) {
      count(Colours.class, colour);
    }

    assertThat(registry.getNames()).containsExactly(
        PKG + ".Colours.blueCount", PKG + ".Colours.red", "greenCount", "yellow");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(PROM_PKG + "_Colours_red_total", APPLICATION)).isEqualTo(1);
    assertThat(scrape.value(PROM_PKG + "_Colours_blueCount_total", APPLICATION)).isEqualTo(1);
    assertThat(scrape.value("greenCount_total", APPLICATION)).isEqualTo(1);
    assertThat(scrape.value("yellow_total", APPLICATION)).isEqualTo(1);
  }

  @Test
  void annotationTagsAndDescriptionReachTheSeries() throws Exception {
    count(Colours.class, "white");
    count(Colours.class, "white");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets("tagged_total"))
        .containsExactly(Map.of("mp_scope", "application", "colour", "white", "shade", "light"));
    assertThat(scrape.value("tagged_total", "colour", "white", "mp_scope", "application", "shade", "light")).isEqualTo(2);
    assertThat(scrape.families("tagged")).extracting(Scrape.Family::help).containsExactly("White ones");
  }

  @Test
  void aMemberWithoutAnnotationHasNoMetric() throws Exception {
    assertThat(annotated.counter(method(Colours.class, "uncounted"), Colours.class)).isNull();
    assertThat(annotated.timer(method(Colours.class, "red"), Colours.class)).isNull();
    assertThat(registry.getNames()).isEmpty();
  }

  @Test
  void classAnnotationsNameEachMethodAndConstructorAfterTheClass() throws Exception {
    count(CountedType.class, "first");
    count(CountedType.class, "second");
    annotated.counter(CountedType.class.getDeclaredConstructor(), CountedType.class).inc();
    count(NamedCountedType.class, "run");

    assertThat(annotated.counter(method(CountedType.class, "hidden"), CountedType.class)).isNull();
    assertThat(registry.getNames()).containsExactly(
        PKG + ".CountedType.CountedType", // a constructor is named by the class's simple name
        PKG + ".CountedType.first",
        PKG + ".CountedType.special",      // the method's own annotation wins over the class's
        PKG + ".jobs.run");                // relative with a name: <package>.<name>.<method>
    assertThat(Scrape.of(service).value(PROM_PKG + "_jobs_run_total", APPLICATION)).isEqualTo(1);
  }

  @Test
  void absoluteClassAnnotationsUseTheSimpleNameOrTheGivenName() throws Exception {
    annotated.timer(method(AbsoluteTimedType.class, "run"), AbsoluteTimedType.class).update(java.time.Duration.ofMillis(5));
    annotated.timer(method(NamedAbsoluteTimedType.class, "run"), NamedAbsoluteTimedType.class)
        .update(java.time.Duration.ofMillis(7));

    assertThat(registry.getNames()).containsExactly("AbsoluteTimedType.run", "batch.run");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value("AbsoluteTimedType_run_seconds_count", APPLICATION)).isEqualTo(1);
    assertThat(scrape.value("batch_run_seconds_sum", APPLICATION)).isEqualTo(0.007);
  }

  @Test
  void timedMethodsGoToTheirScopesRegistry() throws Exception {
    annotated.timer(method(TimedMethods.class, "work"), TimedMethods.class).update(java.time.Duration.ofMillis(30));
    annotated.timer(method(TimedMethods.class, "audited"), TimedMethods.class).update(java.time.Duration.ofMillis(1));

    assertThat(metrics.registry("audit").getNames()).containsExactly("audit");
    assertThat(registry.getNames()).containsExactly(PKG + ".TimedMethods.work");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(PROM_PKG + "_TimedMethods_work_seconds_bucket",
        Map.of("mp_scope", "application", "le", "0.05"))).isEqualTo(1);
    assertThat(scrape.value(PROM_PKG + "_TimedMethods_work_seconds_bucket",
        Map.of("mp_scope", "application", "le", "0.025"))).isZero();
    assertThat(scrape.value("audit_seconds_count", "mp_scope", "audit")).isEqualTo(1);
  }

  @Test
  void theMetricOfAMemberIsResolvedOnce() throws Exception {
    Counter first = annotated.counter(method(Colours.class, "red"), Colours.class);
    assertThat(annotated.counter(method(Colours.class, "red"), Colours.class)).isSameAs(first);
    assertThat(registry.getCounter(new MetricID(PKG + ".Colours.red"))).isSameAs(first);
  }

  @Test
  void aClashWithAnEarlierMetricIsLoggedAndTheMemberIsNotCounted() throws Exception {
    registry.timer("greenCount");
    try (LogCapture log = LogCapture.of(AnnotatedMetrics.class)) {
      assertThat(annotated.counter(method(Colours.class, "green"), Colours.class)).isNull();
      assertThat(log.records()).extracting(r -> r.getMessage()).anySatisfy(message ->
          assertThat(message).contains("greenCount is not recorded: greenCount is a Timer, not a Counter"));
    }
  }

  @Test
  void gaugesReadTheirMethodOnTheInstance() {
    GaugeBean bean = new GaugeBean();
    assertThat(annotated.registerGauges(bean, GaugeBean.class))
        .containsExactlyInAnyOrder(PKG + ".GaugeBean.queueDepth", "pool.free");
    bean.depth(11);

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(PROM_PKG + "_GaugeBean_queueDepth", APPLICATION)).isEqualTo(11);
    assertThat(scrape.value("pool_free_percent", "mp_scope", "application", "pool", "main")).isEqualTo(42.5);
    // a second instance of the bean does not replace the first one's gauges
    assertThat(annotated.registerGauges(new GaugeBean(), GaugeBean.class)).isEmpty();
    assertThat(Scrape.of(service).value(PROM_PKG + "_GaugeBean_queueDepth", APPLICATION)).isEqualTo(11);
  }

  static class Injected {
    @Metric Counter redCount;
    @Metric(name = "blue") Counter blueCount;
    @Metric(absolute = true) Timer greenTime;
    @Metric(name = "purple", absolute = true, tags = "tone=dark") Histogram purpleSizes;
    Counter plain;
  }

  private <T extends org.eclipse.microprofile.metrics.Metric> T inject(Class<T> type, String field) throws Exception {
    Field f = Injected.class.getDeclaredField(field);
    return annotated.injected(type, f.getAnnotation(Metric.class), f.getName(), Injected.class);
  }

  @Test
  void injectedMetricsAreNamedLikeAnnotatedMembers() throws Exception {
    inject(Counter.class, "redCount").inc();
    inject(Counter.class, "blueCount").inc();
    inject(Timer.class, "greenTime");
    inject(Histogram.class, "purpleSizes").update(3);
    inject(Counter.class, "plain").inc(5);

    String owner = PKG + ".AnnotatedMetricsTest.Injected";
    assertThat(registry.getNames()).containsExactly(
        owner + ".blue", owner + ".plain", owner + ".redCount", "greenTime", "purple");
    assertThat(inject(Counter.class, "plain").getCount()).isEqualTo(5);
    assertThat(registry.getHistogram(new MetricID("purple", new Tag("tone", "dark"))).getCount()).isEqualTo(1);
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(PROM_PKG + "_AnnotatedMetricsTest_Injected_plain_total", APPLICATION)).isEqualTo(5);
    assertThat(scrape.value("purple_count", "mp_scope", "application", "tone", "dark")).isEqualTo(1);
  }
}
