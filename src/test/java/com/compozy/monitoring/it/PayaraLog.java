package com.compozy.monitoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Payara Micro's log ({@code --logToFile}, see arquillian.xml), which every start appends to. A
 * start that finds the file locked (another instance, a stale lock) writes {@code .0.1},
 * {@code .0.2} and so on instead, so all of them are read. An instance made before a test class
 * deploys reads only what was written after it.
 */
public final class PayaraLog {
  private final Map<Path, Long> from = new HashMap<>();

  public PayaraLog() {
    for (Path file : files()) {
      try {
        from.put(file, Files.size(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public String messages() {
    StringBuilder messages = new StringBuilder();
    for (Path file : files()) {
      try {
        byte[] all = Files.readAllBytes(file);
        int start = (int) Math.min(from.getOrDefault(file, 0L), all.length);
        messages.append(new String(all, start, all.length - start, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return messages.toString();
  }

  private static List<Path> files() {
    Path directory = Path.of(System.getProperty("it.jar")).getParent().resolve("payara");
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith("payara-micro.log.0"))
          .filter(f -> !f.getFileName().toString().endsWith(".lck")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
