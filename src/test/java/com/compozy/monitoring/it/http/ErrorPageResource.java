package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The WAR's error page for {@link ServletFailure} ({@code web.xml}): a JAX-RS resource. */
@Path("errors")
public class ErrorPageResource {
  static final String BODY = "error page";

  @GET
  public Response page() {
    return Response.status(500).entity(BODY).build();
  }
}
