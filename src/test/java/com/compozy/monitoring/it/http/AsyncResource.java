package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

@Path("async")
@Produces(MediaType.TEXT_PLAIN)
public class AsyncResource {
  static final long DELAY_MILLIS = 200;
  private static final Executor LATER = CompletableFuture.delayedExecutor(DELAY_MILLIS, TimeUnit.MILLISECONDS);
  static final long TIMEOUT_MILLIS = 300;
  private static volatile CountDownLatch gate = new CountDownLatch(1);
  private static final Queue<AsyncResponse> HELD = new ConcurrentLinkedQueue<>();

  @GET
  @Path("suspended")
  public void suspended(@Suspended AsyncResponse response) {
    LATER.execute(() -> response.resume("late"));
  }

  @GET
  @Path("stage")
  public CompletionStage<String> stage() {
    return CompletableFuture.supplyAsync(() -> "staged", LATER);
  }

  @GET
  @Path("stream/{bytes}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public StreamingOutput stream(@jakarta.ws.rs.PathParam("bytes") int bytes) {
    return out -> {
      byte[] chunk = new byte[1000];
      for (int written = 0; written < bytes; written += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, bytes - written));
        out.flush();
      }
    };
  }

  /** Holds the request until {@link #release()}: lets a test see requests in flight. */
  @GET
  @Path("gate")
  public String gate() throws InterruptedException {
    return gate.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
  }

  @POST
  @Path("gate/release")
  public String release() {
    CountDownLatch released = gate;
    gate = new CountDownLatch(1);
    released.countDown();
    return "ok";
  }

  /** Suspended until {@link #releaseHeld()}: a client may go away meanwhile. */
  @GET
  @Path("held")
  public void held(@Suspended AsyncResponse response) {
    HELD.add(response);
  }

  @POST
  @Path("held/release")
  public String releaseHeld() {
    int released = 0;
    for (AsyncResponse response; (response = HELD.poll()) != null; released++) {
      response.resume("released"); // to a client that may have gone: the container's write fails, or not
    }
    return String.valueOf(released);
  }

  /** Never resumed: the JAX-RS runtime answers 503 when the timeout passes. */
  @GET
  @Path("timeout")
  public void timeout(@Suspended AsyncResponse response) {
    response.setTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @POST
  @Path("echo")
  public String echo(byte[] body) {
    return String.valueOf(body.length);
  }
}
