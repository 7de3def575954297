package com.compozy.monitoring.it.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ConflictMapper implements ExceptionMapper<ConflictException> {
  @Override
  public Response toResponse(ConflictException exception) {
    return Response.status(409).entity(exception.getMessage()).build();
  }
}
