package com.compozy.monitoring.it.mpmetrics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/** A resource using injected metrics and the registry. */
@Path("inventory")
@RequestScoped
public class InventoryResource {
  @Inject Inventory inventory;
  @Inject Audit audit;
  @Inject @Metric(name = "visits", absolute = true, description = "Visits") Counter visits;
  @Inject @Metric(name = "batch.sizes", absolute = true) Histogram batches;
  @Inject MetricRegistry registry;
  @Inject @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry application;

  @POST
  @Path("reserve")
  public Response reserve(@QueryParam("fail") boolean fail) {
    visits.inc();
    try {
      inventory.reserve(fail);
      return Response.noContent().build();
    } catch (IllegalStateException e) {
      return Response.status(409).build();
    }
  }

  @POST
  @Path("restock/{items}")
  public Response restock(@PathParam("items") int items) {
    visits.inc();
    batches.update(items);
    inventory.restock(items);
    audit.record();
    return Response.noContent().build();
  }

  @POST
  @Path("orders/{channel}")
  public Response order(@PathParam("channel") String channel) {
    // written through one injection, read through the other: one application registry
    application.counter("orders.placed", new Tag("channel", channel)).inc();
    return Response.ok(String.valueOf(registry.getCounter(new MetricID("orders.placed", new Tag("channel", channel)))
        .getCount())).build();
  }

  @POST
  @Path("remove/{channel}")
  public Response remove(@PathParam("channel") String channel) {
    return Response.ok(String.valueOf(registry.remove(new MetricID("orders.placed", new Tag("channel", channel)))))
        .build();
  }
}
