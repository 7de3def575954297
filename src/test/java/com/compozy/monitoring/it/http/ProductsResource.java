package com.compozy.monitoring.it.http;

import jakarta.ws.rs.Path;

@Path("products/")
public class ProductsResource extends CatalogBase {
  @Override
  protected String kind() {
    return "product";
  }
}
