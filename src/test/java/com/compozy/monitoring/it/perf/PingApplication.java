package com.compozy.monitoring.it.perf;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

@ApplicationPath("/api")
public class PingApplication extends Application {
  @Path("ping")
  public static class Ping {
    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_PLAIN)
    public String ping(@PathParam("id") String id) {
      return "pong";
    }
  }
}
