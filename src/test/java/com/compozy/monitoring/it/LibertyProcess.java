package com.compozy.monitoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The managed Liberty Arquillian started, seen from the test JVM on the same machine. */
public final class LibertyProcess {
  private LibertyProcess() {}

  /** The server's process; empty if not found. */
  public static Optional<ProcessHandle> find() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains("monitoring-it"))
            .orElse(false))
        .findFirst();
  }

  /** Runs the JDK's {@code jcmd} of the server's own Java on it ({@code GC.run}, say); returns its output. */
  public static String jcmd(ProcessHandle server, String... command) {
    Path java = Path.of(server.info().command().orElseThrow(() -> new IllegalStateException("no command of " + server)));
    String[] line = new String[command.length + 2];
    line[0] = java.resolveSibling("jcmd").toString();
    line[1] = String.valueOf(server.pid());
    System.arraycopy(command, 0, line, 2, command.length);
    try {
      Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (jcmd.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", line) + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The names of the server's live threads, from a thread dump. */
  public static List<String> threadNames(ProcessHandle server) {
    return jcmd(server, "Thread.print").lines().filter(line -> line.startsWith("\""))
        .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
  }
}
