/**
 * Spans of application code: {@link com.compozy.monitoring.tracing.MethodSpans} traces a method
 * annotated with OpenTelemetry's {@code @WithSpan}, its {@code @SpanAttribute} parameters as
 * attributes; the CDI interceptor in the {@code cdi} package applies it to CDI beans.
 */
package com.compozy.monitoring.tracing;
