package com.compozy.monitoring.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {
  @TempDir Path dir;

  @Test
  void explicitValuesAreReturnedVerbatim() {
    BuildInfo info = BuildInfo.resolve(MonitoringConfig.builder().buildVersion("v1.2.3").buildCommit("abc123").build(),
        getClass().getClassLoader(), null);
    assertThat(info.version()).isEqualTo("v1.2.3");
    assertThat(info.commitHash()).isEqualTo("abc123");
    assertThat(info.javaVersion()).isEqualTo(Runtime.version().toString());
  }

  @Test
  void specialCharactersInTheVersionAreKept() {
    assertThat(BuildInfo.resolve(config("v1.2.3-beta+build.456"), null, null).version())
        .isEqualTo("v1.2.3-beta+build.456");
  }

  @Test
  void withNothingToFindTheVersionIsNonEmptyAndTheCommitUnknown() {
    BuildInfo info = BuildInfo.resolve(null, loaderOver(dir), null);
    assertThat(info.version()).isNotEmpty();
    assertThat(info.commitHash()).isEqualTo("unknown");
    assertThat(BuildInfo.resolve(null, null, null)).isEqualTo(BuildInfo.of("unknown", "unknown"));
  }

  @Test
  void gitPropertiesGiveVersionAndFullCommit() throws IOException {
    Files.writeString(dir.resolve("git.properties"),
        "git.build.version=2.0.1\ngit.commit.id=0123456789abcdef\ngit.commit.id.abbrev=0123456\n");
    BuildInfo info = BuildInfo.resolve(null, loaderOver(dir), null);
    assertThat(info.version()).isEqualTo("2.0.1");
    assertThat(info.commitHash()).isEqualTo("0123456789abcdef");
  }

  @Test
  void abbreviatedCommitIsUsedWhenItIsTheOnlyOne() throws IOException {
    Files.writeString(dir.resolve("git.properties"), "git.commit.id.abbrev=0123456\n");
    assertThat(BuildInfo.resolve(null, loaderOver(dir), null).commitHash()).isEqualTo("0123456");
  }

  @Test
  void manifestVersionWinsOverGitPropertiesAndConfigWinsOverBoth() throws IOException {
    Files.createDirectories(dir.resolve("META-INF"));
    Files.writeString(dir.resolve("META-INF/MANIFEST.MF"),
        "Manifest-Version: 1.0\nImplementation-Version: 3.1.4\n");
    Files.writeString(dir.resolve("git.properties"), "git.build.version=2.0.1\ngit.commit.id=abc\n");

    assertThat(BuildInfo.resolve(null, loaderOver(dir), null).version()).isEqualTo("3.1.4");
    assertThat(BuildInfo.resolve(config("9.9.9"), loaderOver(dir), null).version())
        .isEqualTo("9.9.9");
  }

  @Test
  void anExplicitApplicationManifestIsUsed() throws IOException {
    Manifest manifest = new Manifest(new ByteArrayInputStream(
        "Manifest-Version: 1.0\nImplementation-Version: 1.0.0-war\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(BuildInfo.resolve(null, loaderOver(dir), manifest).version()).isEqualTo("1.0.0-war");
  }

  @Test
  void libraryJarManifestsAreNotMistakenForTheApplication() {
    // the test class path's first jar manifest belongs to some library: it must not be reported
    BuildInfo info = BuildInfo.resolve(null, ClassLoader.getSystemClassLoader(), null);
    assertThat(info.version()).isEqualTo("unknown");
  }

  @Test
  void blankConfiguredValuesCountAsUnsetAndSurroundingSpaceIsTrimmed() throws IOException {
    Files.writeString(dir.resolve("git.properties"), "git.build.version=2.0.1\ngit.commit.id=abc\n");
    MonitoringConfig blank = MonitoringConfig.builder().buildVersion(" ").buildCommit("").build();
    assertThat(BuildInfo.resolve(blank, loaderOver(dir), null)).isEqualTo(BuildInfo.of("2.0.1", "abc"));
    MonitoringConfig spaced = MonitoringConfig.builder().buildVersion(" 1.0 ").buildCommit(" def ").build();
    assertThat(BuildInfo.resolve(spaced, loaderOver(dir), null)).isEqualTo(BuildInfo.of("1.0", "def"));
  }

  private static MonitoringConfig config(String version) {
    return MonitoringConfig.builder().buildVersion(version).build();
  }

  private static ClassLoader loaderOver(Path dir) {
    try {
      return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
