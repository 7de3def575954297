package com.compozy.demo;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface OrderActivities {
  void reserve(String orderId);

  String charge(String orderId, boolean fail);

  void ship(String orderId);
}
