package com.compozy.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface OrderWorkflow {
  /** Processes an order: reserve, charge (retried when the payment provider flakes), ship. */
  @WorkflowMethod
  String process(String orderId, boolean failPayment);
}
