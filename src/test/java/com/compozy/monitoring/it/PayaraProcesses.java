package com.compozy.monitoring.it;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Payara Micro processes of this build. Arquillian's Payara Micro container starts one process
 * per deployment and stops only the last one it started: a test class with two deployments leaves
 * the first running (seen after a CI run: the first WAR's server alive, 500 MB and a share of the
 * CPU, until the machine stopped).
 */
public final class PayaraProcesses {
  private PayaraProcesses() {}

  /** Stops every Payara Micro of this build but the newest, which Arquillian stops itself. */
  public static void stopAllButNewest() {
    String jar = Path.of("target", "payara", "payara-micro.jar").toAbsolutePath().toString();
    List<ProcessHandle> servers = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
        .sorted(Comparator.comparing((ProcessHandle p) -> p.info().startInstant().orElse(Instant.EPOCH)))
        .toList();
    for (ProcessHandle leftover : servers.subList(0, Math.max(0, servers.size() - 1))) {
      leftover.destroy();
      try {
        leftover.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception stillRunning) {
        leftover.destroyForcibly();
      }
    }
  }
}
