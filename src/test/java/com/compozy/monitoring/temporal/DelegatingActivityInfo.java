package com.compozy.monitoring.temporal;

import io.temporal.activity.ActivityInfo;

/** An {@link ActivityInfo} that forwards every call; the benchmark overrides what it reads. */
class DelegatingActivityInfo implements ActivityInfo {
  private final ActivityInfo delegate;

  DelegatingActivityInfo(ActivityInfo delegate) {
    this.delegate = delegate;
  }

  @Override
  public byte[] getTaskToken() {
    return delegate.getTaskToken();
  }

  @Override
  public java.lang.String getWorkflowId() {
    return delegate.getWorkflowId();
  }

  @Override
  public java.lang.String getRunId() {
    return delegate.getRunId();
  }

  @Override
  public java.lang.String getWorkflowRunId() {
    return delegate.getWorkflowRunId();
  }

  @Override
  public java.lang.String getActivityRunId() {
    return delegate.getActivityRunId();
  }

  @Override
  public java.lang.String getActivityId() {
    return delegate.getActivityId();
  }

  @Override
  public java.lang.String getActivityType() {
    return delegate.getActivityType();
  }

  @Override
  public long getScheduledTimestamp() {
    return delegate.getScheduledTimestamp();
  }

  @Override
  public long getStartedTimestamp() {
    return delegate.getStartedTimestamp();
  }

  @Override
  public long getCurrentAttemptScheduledTimestamp() {
    return delegate.getCurrentAttemptScheduledTimestamp();
  }

  @Override
  public java.time.Duration getScheduleToCloseTimeout() {
    return delegate.getScheduleToCloseTimeout();
  }

  @Override
  public java.time.Duration getStartToCloseTimeout() {
    return delegate.getStartToCloseTimeout();
  }

  @Override
  public java.time.Duration getHeartbeatTimeout() {
    return delegate.getHeartbeatTimeout();
  }

  @Override
  public java.util.Optional<io.temporal.api.common.v1.Payloads> getHeartbeatDetails() {
    return delegate.getHeartbeatDetails();
  }

  @Override
  public java.lang.String getWorkflowType() {
    return delegate.getWorkflowType();
  }

  @Override
  public java.lang.String getWorkflowNamespace() {
    return delegate.getWorkflowNamespace();
  }

  @Override
  public java.lang.String getActivityNamespace() {
    return delegate.getActivityNamespace();
  }

  @Override
  public java.lang.String getNamespace() {
    return delegate.getNamespace();
  }

  @Override
  public boolean isInWorkflow() {
    return delegate.isInWorkflow();
  }

  @Override
  public java.lang.String getActivityTaskQueue() {
    return delegate.getActivityTaskQueue();
  }

  @Override
  public int getAttempt() {
    return delegate.getAttempt();
  }

  @Override
  public boolean isLocal() {
    return delegate.isLocal();
  }

  @Override
  public io.temporal.common.Priority getPriority() {
    return delegate.getPriority();
  }

  @Override
  public io.temporal.common.RetryOptions getRetryOptions() {
    return delegate.getRetryOptions();
  }
}
