package com.compozy.monitoring.it.http;

/** What {@link ThrowingServlet} throws; only it has an error page. */
public class ServletFailure extends RuntimeException {
  public ServletFailure() {
    super("servlet failed");
  }
}
