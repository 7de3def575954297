package com.compozy.monitoring.service;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Selects this library's {@code Meter} or {@code OpenTelemetry} when the runtime provides its own
 * (Open Liberty's mpTelemetry, Payara's MicroProfile Telemetry).
 *
 * <pre>{@code
 * @Inject @Monitoring Meter meter;
 * }</pre>
 *
 * <p>Without a qualifier, {@code @Inject Meter meter;} also resolves to this library's meter: it is
 * a priority alternative, so it wins over a runtime's bean instead of making injection ambiguous.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE})
public @interface Monitoring {}
