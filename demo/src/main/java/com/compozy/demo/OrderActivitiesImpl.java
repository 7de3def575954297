package com.compozy.demo;

import io.temporal.activity.Activity;

/** The order's steps; each one leaves a note in the order's memory. */
public class OrderActivitiesImpl implements OrderActivities {
  private final OrderMemory memory;

  OrderActivitiesImpl(OrderMemory memory) {
    this.memory = memory;
  }

  @Override
  public void reserve(String orderId) {
    memory.append(namespace(), orderId, "reserved");
  }

  /** The first attempt of every charge fails, as a flaky payment provider would. */
  @Override
  public String charge(String orderId, boolean fail) {
    if (fail || Activity.getExecutionContext().getInfo().getAttempt() == 1) {
      throw new IllegalStateException("payment provider unavailable for " + orderId);
    }
    String receipt = "receipt-" + orderId;
    memory.append(namespace(), orderId, "charged: " + receipt);
    return receipt;
  }

  @Override
  public void ship(String orderId) {
    memory.append(namespace(), orderId, "shipped");
  }

  private static String namespace() {
    return Activity.getExecutionContext().getInfo().getNamespace();
  }
}
