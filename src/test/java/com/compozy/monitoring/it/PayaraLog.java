package com.compozy.monitoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Payara Micro's log ({@code --logToFile}, see arquillian.xml), which every start appends to: an
 * instance made before a test class deploys reads only what was written after it.
 */
public final class PayaraLog {
  private final long from;

  public PayaraLog() {
    this.from = size();
  }

  public String messages() {
    try {
      byte[] all = Files.exists(file()) ? Files.readAllBytes(file()) : new byte[0];
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size() {
    try {
      return Files.exists(file()) ? Files.size(file()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path file() {
    return Path.of(System.getProperty("it.jar")).getParent().resolve("payara/payara-micro.log.0");
  }
}
