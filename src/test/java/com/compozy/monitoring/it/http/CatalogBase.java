package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Resource methods inherited from a superclass. */
public abstract class CatalogBase {
  @GET
  @Path("{sku}")
  @Produces(MediaType.TEXT_PLAIN)
  public String item(@PathParam("sku") String sku) {
    return kind() + " " + sku;
  }

  protected abstract String kind();
}
