package com.compozy.monitoring.it.tracing;

import com.compozy.monitoring.http.TracingClientFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** A {@code @WithSpan} bean call, and a traced client call to this application's own echo. */
@Path("traced")
@Produces(MediaType.TEXT_PLAIN)
public class SpanResource {
  @Inject SpanWork work;
  @Inject TracingClientFilter tracing;
  @Context UriInfo uri;

  @GET
  @Path("bean/{id}")
  public String bean(@PathParam("id") String id) {
    return work.work(id);
  }

  /** Calls {@link #echo} through a client with the tracing filter; answers what the echo received. */
  @GET
  @Path("call")
  public String call() {
    Client client = ClientBuilder.newClient().register(tracing);
    try {
      return client.target(uri.getBaseUriBuilder().path("traced/echo").build()).request().get(String.class);
    } finally {
      client.close();
    }
  }

  @GET
  @Path("echo")
  public String echo(@HeaderParam("traceparent") String traceparent) {
    return String.valueOf(traceparent);
  }
}
