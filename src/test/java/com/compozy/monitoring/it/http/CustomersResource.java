package com.compozy.monitoring.it.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Sub-resource locators. */
@Path("customers")
public class CustomersResource {
  @Path("{customerId}/addresses")
  public Addresses addresses(@PathParam("customerId") String customerId) {
    return new Addresses(customerId);
  }

  /** Returns a class that is a root resource too: reached here, its own {@code @Path} does not apply. */
  @Path("{customerId}/places")
  public PlacesResource places() {
    return new PlacesResource();
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
