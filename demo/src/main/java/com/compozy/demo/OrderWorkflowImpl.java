package com.compozy.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class OrderWorkflowImpl implements OrderWorkflow {
  private final OrderActivities activities = Workflow.newActivityStub(OrderActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofMillis(100))
              .setMaximumAttempts(3)
              .build())
          .build());

  @Override
  public String process(String orderId, boolean failPayment) {
    activities.reserve(orderId);
    String receipt = activities.charge(orderId, failPayment);
    Workflow.sleep(Duration.ofMillis(200));
    activities.ship(orderId);
    return receipt;
  }
}
