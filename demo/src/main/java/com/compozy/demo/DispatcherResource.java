package com.compozy.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("v1/dispatcher")
@Produces(MediaType.APPLICATION_JSON)
public class DispatcherResource {
  @Inject Dispatcher dispatcher;

  @GET
  public Map<String, Object> state() {
    return Map.of("id", Dispatcher.ID, "paused", dispatcher.paused());
  }

  /** Stops heartbeats: readiness goes DOWN once the stale threshold passes. */
  @POST
  @Path("pause")
  public Map<String, Object> pause() {
    dispatcher.pause();
    return state();
  }

  @POST
  @Path("resume")
  public Map<String, Object> resume() {
    dispatcher.resume();
    return state();
  }
}
