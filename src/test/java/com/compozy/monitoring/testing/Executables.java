package com.compozy.monitoring.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Debian {@code prometheus} package's programs ({@code prometheus}, {@code promtool}) on
 * {@code PATH}. Where one is missing the calling test is skipped, except on CI ({@code CI=true}),
 * where it fails: CI must install it, or those checks would pass silently by never running.
 */
public final class Executables {
  private Executables() {}

  /** The program on PATH; skips the test (fails it on CI) when there is none. */
  public static Path require(String name) {
    return require(name, System.getenv("PATH"), System.getenv("CI"));
  }

  /** {@link #require(String)} with the environment as arguments, for its own test. */
  static Path require(String name, String path, String ci) {
    Optional<Path> found = find(name, path);
    if (found.isEmpty()) {
      String message = name + " is not on PATH (" + path + "); install it with "
          + "'apt-get install -y prometheus' (.ci/run does)";
      if ("true".equalsIgnoreCase(ci)) {
        fail(message + ". CI=true: the checks that need it must run on CI.");
      }
      assumeTrue(false, message + ". Skipping (the test fails instead when CI=true).");
    }
    return found.get();
  }

  static Optional<Path> find(String name, String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
