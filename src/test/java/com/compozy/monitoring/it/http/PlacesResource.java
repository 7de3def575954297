package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A root resource that {@link CustomersResource#places} also returns, as a sub-resource. */
@Path("places")
public class PlacesResource {
  @GET
  @Path("{placeId}")
  @Produces(MediaType.TEXT_PLAIN)
  public String place(@PathParam("placeId") String placeId) {
    return "place " + placeId;
  }
}
