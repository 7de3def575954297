package com.compozy.monitoring.it.tracing;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;

/** A CDI bean whose method is traced by the library's interceptor. */
@ApplicationScoped
public class SpanWork {
  @WithSpan("work")
  public String work(@SpanAttribute("item.id") String id) {
    return "worked " + id;
  }
}
