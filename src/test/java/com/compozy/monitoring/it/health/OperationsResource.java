package com.compozy.monitoring.it.health;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;

@Path("ops")
public class OperationsResource {
  @Inject DispatcherHealthRegistry dispatchers;
  @Inject MemoryStore memory;

  @POST
  @Path("dispatchers/{id}")
  public String register(@PathParam("id") String id, @QueryParam("thresholdMillis") long thresholdMillis) {
    return String.valueOf(dispatchers.register(id, Duration.ofMillis(thresholdMillis)));
  }

  @POST
  @Path("dispatchers/{id}/heartbeat")
  public String heartbeat(@PathParam("id") String id) {
    return String.valueOf(dispatchers.heartbeat(id));
  }

  @POST
  @Path("memory/{id}")
  public String memory(@PathParam("id") String id, @QueryParam("fail") boolean fail) {
    try {
      return memory.getInstance(id, "projectA", fail);
    } catch (IllegalStateException e) {
      return "failed";
    }
  }
}
