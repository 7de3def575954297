package com.compozy.monitoring.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the interceptor as a container would, with a hand-made invocation context. */
class MemoryOperationInterceptorTest {
  record MemoryReference(String id, String key) {}

  /** What a user may pass by mistake: no id accessor, a toString with content. */
  static final class Conversation {
    @Override
    public String toString() {
      return "Conversation[user=alice@example.com]";
    }
  }

  /** An id accessor that returns an object, not an id. */
  public static final class Wrapped {
    public Conversation getId() {
      return new Conversation();
    }
  }

  static class Manager {
    @MonitoredMemoryOperation(operation = "get_instance")
    public String getInstance(@MemoryId MemoryReference ref, @ProjectId String project, boolean fail) {
      if (fail) {
        throw new IllegalStateException("no such memory");
      }
      return "instance-of-" + ref.id();
    }

    @MonitoredMemoryOperation(operation = "append")
    public void append(@MemoryId Object memory, @ProjectId Object project) {}

    @MonitoredMemoryOperation(memoryId = "shared-memory")
    public int clear() {
      return 0;
    }
  }

  private static final String COUNT = "compozy_memory_operation_duration_seconds_count";
  private static final String HEALTH = "compozy_memory_health_status";

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final MemoryMonitor monitor = MemoryMonitor.of(service);
  private final MemoryOperationInterceptor interceptor = new MemoryOperationInterceptor(monitor);
  private final Manager manager = new Manager();

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private static Map<String, String> operation(String memory, String project, String operation, String status) {
    return Map.of("memory_id", memory, "project_id", project, "operation", operation, "status", status);
  }

  @Test
  void recordsIdsFromAnnotatedParametersAndTheBindingsOperation() throws Exception {
    Object result = interceptor.monitor(invocation("getInstance",
        new MemoryReference("mem-1", "user:42"), "proj-1", false));

    assertThat(result).isEqualTo("instance-of-mem-1");
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(COUNT)).containsExactly(operation("mem-1", "proj-1", "get_instance", "success"));
    assertThat(scrape.value(COUNT, operation("mem-1", "proj-1", "get_instance", "success"))).isEqualTo(1);
    assertThat(scrape.labelSets(HEALTH)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(scrape.value(HEALTH, "memory_id", "mem-1")).isEqualTo(1);
  }

  @Test
  void theTargetsExceptionPassesThroughAndIsRecordedAsError() {
    assertThatThrownBy(() -> interceptor.monitor(invocation("getInstance",
        new MemoryReference("mem-1", "k"), "proj-1", true)))
        .isInstanceOf(IllegalStateException.class).hasMessage("no such memory");

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(COUNT)).containsExactly(operation("mem-1", "proj-1", "get_instance", "error"));
    assertThat(scrape.value(COUNT, operation("mem-1", "proj-1", "get_instance", "error"))).isEqualTo(1);
    assertThat(scrape.labelSets(HEALTH)).containsExactly(Map.of("memory_id", "mem-1"));
    assertThat(scrape.value(HEALTH, "memory_id", "mem-1")).isZero();
  }

  @Test
  void withoutParametersTheFixedIdAndTheMethodNameAreUsed() throws Exception {
    interceptor.monitor(invocation("clear"));
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(COUNT)).containsExactly(operation("shared-memory", "unknown", "clear", "success"));
    assertThat(scrape.value(COUNT, operation("shared-memory", "unknown", "clear", "success"))).isEqualTo(1);
  }

  @Test
  void objectsWithoutAnIdAreLabelledUnknownNeverWithTheirToString() throws Exception {
    interceptor.monitor(invocation("append", new Conversation(), new Wrapped()));
    interceptor.monitor(invocation("append", 42L, java.util.UUID.fromString("00000000-0000-0000-0000-000000000007")));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(COUNT)).containsExactlyInAnyOrder(
        operation("unknown", "unknown", "append", "success"),
        operation("42", "00000000-0000-0000-0000-000000000007", "append", "success"));
    assertThat(scrape.toString()).doesNotContain("alice").doesNotContain("Conversation");
  }

  @Test
  void interceptorIsEnabledByPriorityAndBoundByTheAnnotation() {
    assertThat(MemoryOperationInterceptor.class.getAnnotation(Priority.class).value())
        .isEqualTo(Interceptor.Priority.LIBRARY_BEFORE + 100);
    assertThat(MemoryOperationInterceptor.class.isAnnotationPresent(Interceptor.class)).isTrue();
    assertThat(MemoryOperationInterceptor.class.isAnnotationPresent(MonitoredMemoryOperation.class)).isTrue();
  }

  private InvocationContext invocation(String methodName, Object... args) throws NoSuchMethodException {
    Method method = null;
    for (Method m : Manager.class.getMethods()) {
      if (m.getName().equals(methodName)) {
        method = m;
      }
    }
    Method target = method;
    Map<String, Object> data = new HashMap<>();
    return new InvocationContext() {
      @Override public Object getTarget() { return manager; }
      @Override public Object getTimer() { return null; }
      @Override public Method getMethod() { return target; }
      @Override public Constructor<?> getConstructor() { return null; }
      @Override public Object[] getParameters() { return args; }
      @Override public void setParameters(Object[] params) { }
      @Override public Map<String, Object> getContextData() { return data; }
      @Override public Object proceed() throws Exception {
        try {
          return target.invoke(manager, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    };
  }
}
