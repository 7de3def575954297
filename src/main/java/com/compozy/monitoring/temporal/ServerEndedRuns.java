package com.compozy.monitoring.temporal;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Counts the runs the server ended without a worker, terminated or timed out, as the client that
 * waits for their result learns it: no worker sees these ends, so the worker's counts cannot hold
 * them, but the result a client receives names the event that closed the run. Each run once per
 * client process, however often it is waited for there (two processes waiting for one run count
 * it twice). Wraps the tracing client
 * interceptor, when there is one, so one interceptor goes into the client's options.
 */
final class ServerEndedRuns extends WorkflowClientInterceptorBase {
  private final TemporalInstruments instruments;
  private final WorkflowClientInterceptor tracing;

  ServerEndedRuns(TemporalInstruments instruments, WorkflowClientInterceptor tracing) {
    this.instruments = instruments;
    this.tracing = tracing;
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
    return new Calls(tracing == null ? next : tracing.workflowClientCallsInterceptor(next));
  }

  private final class Calls extends WorkflowClientCallsInterceptorBase {
    Calls(WorkflowClientCallsInterceptor next) {
      super(next);
    }

    @Override
    public <R> GetResultOutput<R> getResult(GetResultInput<R> input) throws TimeoutException {
      try {
        return super.getResult(input);
      } catch (WorkflowFailedException e) {
        note(e, input.getWorkflowType().orElse(""));
        throw e;
      }
    }

    @Override
    public <R> GetResultAsyncOutput<R> getResultAsync(GetResultInput<R> input) {
      GetResultAsyncOutput<R> output = super.getResultAsync(input);
      output.getResult().whenComplete((value, failure) -> {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof WorkflowFailedException) {
          note((WorkflowFailedException) cause, input.getWorkflowType().orElse(""));
        }
      });
      return output;
    }
  }

  private void note(WorkflowFailedException failure, String workflowType) {
    instruments.guard.run("a run the server ended", () -> {
      String result = result(failure.getWorkflowCloseEventType());
      if (result != null && instruments.serverEndedRuns.firstTime(runKey(failure))) {
        instruments.workflowEndedByServer(workflowType, result);
      }
    });
  }

  /**
   * The closed run, as far as the result tells: a client waits by workflow id, following the runs
   * of the chain, and the failure it gets names no run id, but runs of one id that closed alike
   * after the same number of events are rare, and waiting twice for one run gives the same key.
   */
  private static String runKey(WorkflowFailedException failure) {
    return failure.getExecution().getWorkflowId() + '\n' + failure.getWorkflowCloseEventType() + '\n'
        + failure.getWorkflowTaskCompletedEventId();
  }

  private static String result(EventType closedBy) {
    if (closedBy == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED) {
      return "terminated";
    }
    if (closedBy == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT) {
      return "timeout";
    }
    return null;
  }
}
