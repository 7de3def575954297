package com.compozy.demo;

import io.temporal.activity.Activity;

public class OrderActivitiesImpl implements OrderActivities {
  @Override
  public void reserve(String orderId) {}

  /** The first attempt of every charge fails, as a flaky payment provider would. */
  @Override
  public String charge(String orderId, boolean fail) {
    if (fail || Activity.getExecutionContext().getInfo().getAttempt() == 1) {
      throw new IllegalStateException("payment provider unavailable for " + orderId);
    }
    return "receipt-" + orderId;
  }

  @Override
  public void ship(String orderId) {}
}
