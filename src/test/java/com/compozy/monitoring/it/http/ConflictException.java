package com.compozy.monitoring.it.http;

public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String id) {
    super("conflict on " + id);
  }
}
