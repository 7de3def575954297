package com.compozy.monitoring.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Watches the workflow tasks a worker polls and remembers the runs whose task is a retry (attempt
 * 2 or later, in {@link TemporalInstruments#retriedTasks}), so that a run's start is counted on the first attempt of its first workflow task
 * only, fleet-wide: when that attempt failed or timed out on one worker and another worker runs the
 * retry, the retry begins the workflow method live again, and only the task's attempt, which the
 * server sends with the task but the SDK does not give interceptors, tells the two apart.
 *
 * <p>A gRPC interceptor on the service stubs, because that is where the poll response passes. The
 * server hands out one workflow task of a run at a time, so the attempt seen last for a run is the
 * one its workflow method begins in.
 */
final class RetriedWorkflowTasks implements ClientInterceptor {
  private static final String POLL = WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod().getFullMethodName();

  private final TemporalInstruments instruments;

  RetriedWorkflowTasks(TemporalInstruments instruments) {
    this.instruments = instruments;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!POLL.equals(method.getFullMethodName())) {
      return call;
    }
    return new SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onMessage(R message) {
            note(message);
            super.onMessage(message);
          }
        }, headers);
      }
    };
  }

  private void note(Object message) {
    instruments.guard.run("reading a workflow task's attempt", () -> {
      if (message instanceof PollWorkflowTaskQueueResponse task && task.getAttempt() > 1) {
        instruments.retriedTasks.firstTime(task.getWorkflowExecution().getRunId());
      }
    });
  }
}
