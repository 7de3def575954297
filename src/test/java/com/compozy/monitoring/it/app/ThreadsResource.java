package com.compozy.monitoring.it.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;

/** The server JVM's live thread count, for leak checks across redeployments. */
@Path("threads")
public class ThreadsResource {
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String count() {
    return String.valueOf(ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
