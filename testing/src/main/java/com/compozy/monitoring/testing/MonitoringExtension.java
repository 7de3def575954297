package com.compozy.monitoring.testing;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own enabled {@link MonitoringService}, shut down after the test: the Java
 * counterpart of the original's {@code setupTestMonitoring} with {@code t.Cleanup}. Nothing is
 * shared between tests, so there is nothing to reset.
 *
 * <pre>{@code
 * @ExtendWith(MonitoringExtension.class)
 * class OrdersTest {
 *   @Test
 *   void countsProcessedOrders(MonitoringService monitoring, RecordedMetrics metrics) {
 *     Orders orders = new Orders(monitoring.meter());
 *     orders.process("o-1");
 *     assertEquals(1, metrics.counter("orders_processed_total", "status", "completed"));
 *   }
 * }
 * }</pre>
 *
 * <p>Test methods and {@code @BeforeEach}/{@code @AfterEach} methods can ask for a
 * {@link MonitoringService}, the {@link RecordedMetrics} that read it back, and the service's
 * {@link ManualClock}; all three belong to the current test. Or register the extension as a field
 * and ask it:
 *
 * <pre>{@code
 * @RegisterExtension final MonitoringExtension monitoring = new MonitoringExtension();
 *
 * @Test
 * void countsProcessedOrders() {
 *   new Orders(monitoring.service().meter()).process("o-1");
 *   assertEquals(1, monitoring.metrics().counter("orders_processed_total", "status", "completed"));
 * }
 * }</pre>
 *
 * A field extension serves one test at a time; an instance field (JUnit's default lifecycle gives
 * each test its own instance) always does, and so do parameters under parallel execution.
 *
 * <p>The service runs on a {@link ManualClock}, so time-dependent features (dispatcher staleness,
 * uptime) move only when the test advances the clock.
 */
public final class MonitoringExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MonitoringExtension.class);
  private static final Set<Class<?>> PROVIDED = Set.of(MonitoringService.class, RecordedMetrics.class, ManualClock.class);

  private final MonitoringConfig config;
  private volatile PerTest current;

  /** Services with monitoring enabled and every other setting at its default. */
  public MonitoringExtension() {
    this(MonitoringConfig.builder().enabled(true).build());
  }

  /**
   * Services built from {@code config}, for a test of settings such as the HTTP exclusions.
   *
   * @throws IllegalArgumentException if {@code config} is disabled: a disabled service records nothing
   */
  public MonitoringExtension(MonitoringConfig config) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException("MonitoringExtension needs an enabled config: " + config);
    }
    this.config = config;
  }

  /** The current test's service. */
  public MonitoringService service() {
    return current().service;
  }

  /** What the current test's service recorded. */
  public RecordedMetrics metrics() {
    return current().metrics;
  }

  /** The current test's service's clock. */
  public ManualClock clock() {
    return current().clock;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    PerTest test = new PerTest(config);
    context.getStore(NAMESPACE).put(PerTest.class, test);
    current = test;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PerTest test = context.getStore(NAMESPACE).remove(PerTest.class, PerTest.class);
    if (current == test) {
      current = null;
    }
    if (test != null) {
      test.service.shutdown();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return PROVIDED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PerTest test = context.getStore(NAMESPACE).get(PerTest.class, PerTest.class);
    Class<?> type = parameter.getParameter().getType();
    if (test == null) {
      throw new ParameterResolutionException(type.getSimpleName() + " belongs to one test: ask for it in a @Test, "
          + "@BeforeEach or @AfterEach method, not in " + parameter.getDeclaringExecutable());
    }
    if (type == MonitoringService.class) {
      return test.service;
    }
    return type == RecordedMetrics.class ? test.metrics : test.clock;
  }

  private PerTest current() {
    PerTest test = current;
    if (test == null) {
      throw new IllegalStateException("No test is running: the monitoring service exists from before each test "
          + "(before its @BeforeEach methods) to after it (after its @AfterEach methods)");
    }
    return test;
  }

  /** One test's service, its reader and its clock. */
  private static final class PerTest {
    final ManualClock clock = new ManualClock();
    final MonitoringService service;
    final RecordedMetrics metrics;

    PerTest(MonitoringConfig config) {
      InMemoryMetricReader reader = InMemoryMetricReader.create();
      service = MonitoringService.builder().config(config).clock(clock).registerMetricReader(reader).build();
      metrics = new RecordedMetrics(service, reader);
    }
  }
}
