package com.compozy.monitoring.memory;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Times a memory-manager method into {@code compozy_memory_operation_duration_seconds} and keeps the
 * memory's health ({@code compozy_memory_health_status}); the Java counterpart of the original's
 * memory interceptor.
 *
 * <pre>{@code
 * @MonitoredMemoryOperation(operation = "get_instance")
 * public Memory getInstance(@MemoryId MemoryReference ref, @ProjectId String project) { ... }
 * }</pre>
 *
 * <p>The memory id comes from the {@link MemoryId} parameter, else {@link #memoryId()}, else
 * {@code unknown}; the project id from the {@link ProjectId} parameter, else {@code unknown}. The
 * method's result and exceptions pass through unchanged; a thrown exception records
 * {@code status="error"}.
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RUNTIME)
@Target({METHOD, TYPE})
public @interface MonitoredMemoryOperation {
  /** The {@code operation} label; empty means the method's name. */
  @Nonbinding
  String operation() default "";

  /** A fixed memory id for methods without a {@link MemoryId} parameter. */
  @Nonbinding
  String memoryId() default "";
}
