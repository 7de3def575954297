package com.compozy.monitoring.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds test WARs the way a user's build would: the packaged library JAR plus the runtime
 * dependencies it asks the WAR to bundle, and no {@code web.xml}.
 */
public final class Deployments {
  private static final Pattern TEMPORAL_ONLY =
      Pattern.compile("^(temporal-|grpc-|guava|failureaccess|listenablefuture|protobuf|proto-google|"
          + "jackson|nexus-sdk|gson|perfmark|animal-sniffer|j2objc|error_prone|jspecify|checker-qual|"
          + "opencensus|tally|micrometer|LatencyUtils|HdrHistogram|annotations|jsr305|slf4j|"
          + "jakarta.annotation-api|commons-|javax)");

  private Deployments() {}

  /** A WAR with the library, its bundled dependencies and a {@code microprofile-config.properties}. */
  public static WebArchive war(String name, Properties config, Class<?>... classes) {
    return withoutClassLoaderAdvice(name, config, classes)
        // Payara Micro exports an old OpenTelemetry parent-first; Liberty ignores this file
        .addAsWebInfResource(new StringAsset(
            "<glassfish-web-app><class-loader delegate=\"false\"/></glassfish-web-app>"),
            "glassfish-web.xml");
  }

  /** As {@link #war} without {@code glassfish-web.xml}: what a user who skipped the setup deploys. */
  public static WebArchive withoutClassLoaderAdvice(String name, Properties config, Class<?>... classes) {
    WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
        .addClasses(classes)
        .addAsLibraries(libraryJar())
        .addAsLibraries(bundledDependencies(false))
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    if (!config.isEmpty()) {
      StringBuilder properties = new StringBuilder();
      config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
      war.addAsResource(new StringAsset(properties.toString()), "META-INF/microprofile-config.properties");
    }
    return war;
  }

  public static Properties config(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  public static File libraryJar() {
    File jar = new File(Objects.requireNonNull(System.getProperty("it.jar"), "it.jar"));
    if (!jar.isFile()) {
      throw new IllegalStateException(jar + " missing: run the ITs through mvn verify");
    }
    return jar;
  }

  public static File[] bundledDependencies(boolean withTemporal) {
    Path libs = Path.of(Objects.requireNonNull(System.getProperty("it.libs"), "it.libs"));
    try (var files = Files.list(libs)) {
      return files.map(Path::toFile)
          .filter(f -> f.getName().endsWith(".jar"))
          .filter(f -> withTemporal || !TEMPORAL_ONLY.matcher(f.getName()).find())
          .sorted()
          .toArray(File[]::new);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String describe(File[] files) {
    return Arrays.toString(Arrays.stream(files).map(File::getName).toArray());
  }
}
