package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Excluded by configuration. */
@Path("probe")
public class ProbeResource {
  @GET
  public String ping() {
    return "pong";
  }

  @GET
  @Path("deep/{x}")
  public String deep() {
    return "pong";
  }
}
