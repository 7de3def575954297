package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The method's template lives on the interface only. */
public interface OrdersApi {
  @GET
  @Path("{orderId}/lines/{line}")
  @Produces(MediaType.TEXT_PLAIN)
  String line(@PathParam("orderId") String orderId, @PathParam("line") int line);
}
