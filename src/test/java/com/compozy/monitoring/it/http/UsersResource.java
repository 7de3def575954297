package com.compozy.monitoring.it.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("users")
@Produces(MediaType.TEXT_PLAIN)
public class UsersResource {
  @GET
  @Path("{id}")
  public String get(@PathParam("id") String id) {
    return "user " + id;
  }

  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  public Response create(String body) {
    return Response.status(201).entity("created " + body.length()).build();
  }

  @GET
  @Path("{id}/unmapped")
  public String unmapped(@PathParam("id") String id) {
    throw new IllegalStateException("boom " + id);
  }

  @GET
  @Path("{id}/mapped")
  public String mapped(@PathParam("id") String id) {
    throw new ConflictException(id);
  }

  @GET
  @Path("{id}/gone")
  public String gone(@PathParam("id") String id) {
    throw new NotFoundException("no user " + id);
  }

  @GET
  @Path("numbers/{n: [0-9]+}")
  public String number(@PathParam("n") int n) {
    return "n=" + n;
  }
}
