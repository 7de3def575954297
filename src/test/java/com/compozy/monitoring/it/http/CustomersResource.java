package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A sub-resource locator. */
@Path("customers")
public class CustomersResource {
  @Path("{customerId}/addresses")
  public Addresses addresses(@PathParam("customerId") String customerId) {
    return new Addresses(customerId);
  }

  public static class Addresses {
    private final String customerId;

    public Addresses(String customerId) {
      this.customerId = customerId;
    }

    @GET
    @Path("{addressId}")
    @Produces(MediaType.TEXT_PLAIN)
    public String address(@PathParam("addressId") String addressId) {
      return customerId + "/" + addressId;
    }
  }
}
