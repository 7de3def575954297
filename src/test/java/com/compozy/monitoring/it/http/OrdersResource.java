package com.compozy.monitoring.it.http;

import jakarta.ws.rs.Path;

@Path("orders")
public class OrdersResource implements OrdersApi {
  @Override
  public String line(String orderId, int line) {
    return orderId + "#" + line;
  }
}
