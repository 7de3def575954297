package com.compozy.monitoring.it.tracing;

import com.compozy.monitoring.service.Monitoring;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * A span from the injected tracer (HTTP server spans are not needed to prove the export), the
 * {@code monitoring} readiness check as the runtime's health endpoint calls it, and the export
 * threads alive in the server.
 */
@Path("otlp")
@ApplicationScoped
public class OtlpResource {
  @Inject @Monitoring Tracer tracer;
  @Inject @Readiness Instance<HealthCheck> readiness;

  /** Ends a span named {@code name}; answers its trace id, empty when the span is not sampled. */
  @POST
  @Path("span/{name}")
  @Produces(MediaType.TEXT_PLAIN)
  public String span(@PathParam("name") String name) {
    Span span = tracer.spanBuilder(name).setAttribute("it.case", name).startSpan();
    span.end();
    return span.getSpanContext().isSampled() ? span.getSpanContext().getTraceId() : "";
  }

  /** The {@code monitoring} readiness check: its status, then its data, one {@code key=value} a line. */
  @GET
  @Path("readiness")
  @Produces(MediaType.TEXT_PLAIN)
  public String readiness() {
    for (HealthCheck check : readiness) {
      HealthCheckResponse response = check.call();
      if (response.getName().equals("monitoring")) {
        return response.getStatus() + "\n" + response.getData().orElseThrow().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
      }
    }
    return "no monitoring check";
  }

  /**
   * The OpenTelemetry export threads alive in the server JVM, after a GC: the JDK's HttpClient
   * (Java 17 has no close()) ends its selector thread only once the client is unreachable.
   */
  @GET
  @Path("threads")
  @Produces(MediaType.TEXT_PLAIN)
  public String exportThreads() {
    System.gc();
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(OtlpResource::isExportThread).sorted().collect(Collectors.joining("\n"));
  }

  static boolean isExportThread(String name) {
    return name.startsWith("BatchSpanProcessor") || name.startsWith("PeriodicMetricReader")
        || name.startsWith("jdkhttp") || name.startsWith("monitoring-shutdown")
        || name.matches("HttpClient-\\d+-.*");
  }
}
