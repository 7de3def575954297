package com.compozy.monitoring.memory;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link MonitoredMemoryOperation} method that holds the project id: a
 * string, a whole number or a UUID, or an object with an {@code id()} or {@code getId()} method
 * returning one; any other object is labelled {@code unknown}.
 */
@Documented
@Retention(RUNTIME)
@Target(PARAMETER)
public @interface ProjectId {}
