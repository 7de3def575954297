package com.compozy.monitoring.promtool;

import static org.junit.jupiter.api.Assertions.fail;

import com.compozy.monitoring.testing.Executables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}, 2.42 here).
 *
 * <p>Where it is not installed the calling test is skipped, except on CI (see {@link Executables}).
 */
final class Promtool {
  /** Long enough for a cold promtool on a loaded 2-core machine; a bound, not a wait. */
  private static final long TIMEOUT_SECONDS = 120;

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** The promtool on PATH; skips the test (fails it on CI) when there is none. */
  static Promtool require() {
    return new Promtool(Executables.require("promtool"));
  }

  /** The project root: the Maven basedir, which surefire makes the working directory. */
  static Path projectRoot() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /** Runs {@code promtool args...} in the project root with no input. */
  Result run(String... args) {
    return run(null, args);
  }

  /** Runs {@code promtool args...} in the project root with {@code stdin} as its standard input. */
  Result run(byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("promtool", ".out");
      err = Files.createTempFile("promtool", ".err");
      // output goes to files, so a chatty promtool can never block on a full pipe
      Process process = new ProcessBuilder(command)
          .directory(projectRoot().toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(String.join(" ", command), process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; nothing to do
      }
    }
  }

  /** One run: the command line, its exit code and what it printed. */
  record Result(String command, int exitCode, String stdout, String stderr) {
    /** A description for assertion messages: the command, its exit code and all its output. */
    String describe() {
      return command + " exited with " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }
}
