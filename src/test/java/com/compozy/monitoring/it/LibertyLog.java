package com.compozy.monitoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the managed Liberty server's {@code messages.log}. */
public final class LibertyLog {
  private LibertyLog() {}

  public static String messages() {
    Path log = Path.of(System.getProperty("it.liberty.logs"), "messages.log");
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
