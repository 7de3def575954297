package com.compozy.monitoring.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {
  @TempDir Path dir;

  @Test
  void explicitValuesAreReturnedVerbatim() {
    BuildInfo info = BuildInfo.resolve(Map.of(BuildInfo.VERSION_KEY, "v1.2.3", BuildInfo.COMMIT_KEY, "abc123")::get,
        getClass().getClassLoader());
    assertThat(info.version()).isEqualTo("v1.2.3");
    assertThat(info.commitHash()).isEqualTo("abc123");
    assertThat(info.javaVersion()).isEqualTo(Runtime.version().toString());
  }

  @Test
  void specialCharactersInTheVersionAreKept() {
    assertThat(BuildInfo.resolve(Map.of(BuildInfo.VERSION_KEY, "v1.2.3-beta+build.456")::get, null).version())
        .isEqualTo("v1.2.3-beta+build.456");
  }

  @Test
  void withNothingToFindTheVersionIsNonEmptyAndTheCommitUnknown() {
    BuildInfo info = BuildInfo.resolve(key -> null, loaderOver(dir));
    assertThat(info.version()).isNotEmpty();
    assertThat(info.commitHash()).isEqualTo("unknown");
    assertThat(BuildInfo.resolve(null, null)).isEqualTo(BuildInfo.of("unknown", "unknown"));
  }

  @Test
  void gitPropertiesGiveVersionAndFullCommit() throws IOException {
    Files.writeString(dir.resolve("git.properties"),
        "git.build.version=2.0.1\ngit.commit.id=0123456789abcdef\ngit.commit.id.abbrev=0123456\n");
    BuildInfo info = BuildInfo.resolve(key -> null, loaderOver(dir));
    assertThat(info.version()).isEqualTo("2.0.1");
    assertThat(info.commitHash()).isEqualTo("0123456789abcdef");
  }

  @Test
  void abbreviatedCommitIsUsedWhenItIsTheOnlyOne() throws IOException {
    Files.writeString(dir.resolve("git.properties"), "git.commit.id.abbrev=0123456\n");
    assertThat(BuildInfo.resolve(key -> null, loaderOver(dir)).commitHash()).isEqualTo("0123456");
  }

  @Test
  void manifestVersionWinsOverGitPropertiesAndConfigWinsOverBoth() throws IOException {
    Files.createDirectories(dir.resolve("META-INF"));
    Files.writeString(dir.resolve("META-INF/MANIFEST.MF"),
        "Manifest-Version: 1.0\nImplementation-Version: 3.1.4\n");
    Files.writeString(dir.resolve("git.properties"), "git.build.version=2.0.1\ngit.commit.id=abc\n");

    assertThat(BuildInfo.resolve(key -> null, loaderOver(dir)).version()).isEqualTo("3.1.4");
    assertThat(BuildInfo.resolve(Map.of(BuildInfo.VERSION_KEY, "9.9.9")::get, loaderOver(dir)).version())
        .isEqualTo("9.9.9");
  }

  @Test
  void anExplicitApplicationManifestIsUsed() throws IOException {
    Manifest manifest = new Manifest(new ByteArrayInputStream(
        "Manifest-Version: 1.0\nImplementation-Version: 1.0.0-war\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(BuildInfo.resolve(key -> null, loaderOver(dir), manifest).version()).isEqualTo("1.0.0-war");
  }

  @Test
  void libraryJarManifestsAreNotMistakenForTheApplication() {
    // the test class path's first jar manifest belongs to some library: it must not be reported
    BuildInfo info = BuildInfo.resolve(key -> null, ClassLoader.getSystemClassLoader());
    assertThat(info.version()).isEqualTo("unknown");
  }

  private static ClassLoader loaderOver(Path dir) {
    try {
      return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
