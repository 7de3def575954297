package com.compozy.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** The original README's API: start and list workflows, with its custom business metrics. */
@Path("v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class WorkflowsResource {
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  private static final int KEPT = 100;

  @Inject Meter meter;
  @Inject TemporalRuntime temporal;
  @Inject OrderMemory memory;

  private LongCounter processed;
  private DoubleHistogram taskDuration;
  private DoubleCounter errors;
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<String> recent = new ConcurrentLinkedDeque<>();

  @PostConstruct
  void createMetrics() {
    processed = meter.counterBuilder("workflows_processed_total")
        .setDescription("Total workflows processed").build();
    taskDuration = meter.histogramBuilder("task_execution_duration_seconds")
        .setDescription("Task execution duration").setUnit("s")
        .setExplicitBucketBoundariesAdvice(List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
        .build();
    errors = meter.counterBuilder("workflow_errors_total")
        .setDescription("Total workflow errors").ofDoubles().build();
  }

  @GET
  public List<Map<String, String>> list() {
    return recent.stream().map(id -> Map.of("id", id, "status", states.getOrDefault(id, "unknown"))).toList();
  }

  @GET
  @Path("{id}")
  public Map<String, Object> get(@PathParam("id") String id) {
    String status = states.get(id);
    if (status == null) {
      throw new NotFoundException("no workflow " + id);
    }
    return Map.of("id", id, "status", status, "notes", memory.read(temporal.namespace(), id));
  }

  /** Starts an order workflow; {@code ?fail=true} makes its payment fail for good. */
  @POST
  public Response start(@QueryParam("fail") @DefaultValue("false") boolean fail) {
    String id = UUID.randomUUID().toString();
    OrderWorkflow workflow = temporal.newOrderWorkflow(id);
    long started = System.nanoTime();
    states.put(id, "running");
    remember(id);
    temporal.process(workflow, id, fail).whenComplete((receipt, error) -> {
      String status = error == null ? "completed" : "failed";
      states.put(id, status);
      processed.add(1, Attributes.of(TYPE, "order_processing", STATUS, status));
      taskDuration.record((System.nanoTime() - started) / 1e9, Attributes.of(TYPE, "order_processing"));
      if (error != null) {
        errors.add(1, Attributes.of(TYPE, "order_processing"));
      }
    });
    return Response.accepted(Map.of("id", id, "status", "running")).build();
  }

  private void remember(String id) {
    recent.addFirst(id);
    while (recent.size() > KEPT) {
      String dropped = recent.pollLast();
      if (dropped != null) {
        states.remove(dropped);
        memory.forget(temporal.namespace(), dropped);
      }
    }
  }
}
