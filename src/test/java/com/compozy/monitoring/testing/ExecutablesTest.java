package com.compozy.monitoring.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Without the program the checks are skipped locally and fail on CI; with it they find it on PATH. */
class ExecutablesTest {
  @TempDir Path tmp;

  @Test
  void missingPromtoolSkipsOutsideCi() {
    String path = tmp.toString();

    assertThatThrownBy(() -> Executables.require("promtool", path, null)).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("promtool is not on PATH").hasMessageContaining("apt-get install -y prometheus");
    assertThatThrownBy(() -> Executables.require("promtool", path, "false")).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void missingPromtoolFailsOnCi() {
    assertThatThrownBy(() -> Executables.require("promtool", tmp.toString(), "true")).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("promtool is not on PATH").hasMessageContaining("CI=true");
  }

  @Test
  void promtoolIsFoundOnPath() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path promtool = Files.createFile(bin.resolve("promtool"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    assertThat(Executables.require("promtool", empty + File.pathSeparator + bin, "true")).isEqualTo(promtool);
  }

  @Test
  void aFileThatIsNotExecutableIsNotPromtool() throws IOException {
    Files.createFile(tmp.resolve("promtool"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

    assertThat(Executables.find("promtool", tmp.toString())).isEmpty();
  }
}
