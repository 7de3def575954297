package com.compozy.monitoring.dispatcher;

/** How a dispatcher takeover attempt ended; the {@code outcome} label of the takeover metrics. */
public enum TakeoverOutcome {
  STARTED("started"),
  TERMINATED("terminated"),
  TERMINATE_ERROR("terminate_error"),
  ERROR("error");

  private final String label;

  TakeoverOutcome(String label) {
    this.label = label;
  }

  /** The label value, as the original: {@code started}, {@code terminated}, ... */
  public String label() {
    return label;
  }
}
