package com.compozy.monitoring.it.scrape;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An application that serves its own {@code /metrics}, as some do. */
@Path("metrics")
public class OwnMetricsResource {
  public static final String BODY = "the application's own metrics page";

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String page() {
    return BODY;
  }
}
