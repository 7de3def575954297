package com.compozy.monitoring.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.mpmetrics.MicroProfileMetricsPresence.State;
import java.net.URL;
import java.net.URLClassLoader;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

/**
 * Who provides MicroProfile Metrics, with class loaders laid out as the servers lay them out: the
 * API in the application's own loader (a WAR's {@code WEB-INF/lib}), in a parent (a runtime that
 * exports its API), or nowhere.
 */
class MicroProfileMetricsPresenceTest {
  private static final URL API_JAR = MetricRegistry.class.getProtectionDomain().getCodeSource().getLocation();
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  @Test
  void theApplicationShipsTheApiAndTheRuntimeDoesNot() throws Exception {
    try (URLClassLoader war = new URLClassLoader(new URL[] {API_JAR}, PLATFORM)) {
      MicroProfileMetricsPresence presence = MicroProfileMetricsPresence.of(war);
      assertThat(presence.state()).isEqualTo(State.APPLICATION);
    }
  }

  @Test
  void theRuntimeExportsTheApiSoItsCopyWinsOverTheWars() throws Exception {
    try (URLClassLoader runtime = new URLClassLoader(new URL[] {API_JAR}, PLATFORM);
         URLClassLoader war = new URLClassLoader(new URL[] {API_JAR}, runtime)) {
      MicroProfileMetricsPresence presence = MicroProfileMetricsPresence.of(war);
      assertThat(presence.state()).isEqualTo(State.RUNTIME);
      assertThat(presence.source()).isEqualTo(runtime.toString());
      assertThat(presence.toString()).contains("(RUNTIME)");
    }
  }

  @Test
  void theRuntimeHasTheApiAndTheWarShipsNone() throws Exception {
    try (URLClassLoader runtime = new URLClassLoader(new URL[] {API_JAR}, PLATFORM);
         URLClassLoader war = new URLClassLoader(new URL[0], runtime)) {
      assertThat(MicroProfileMetricsPresence.of(war).state()).isEqualTo(State.RUNTIME);
    }
  }

  /** Payara with {@code <class-loader delegate="false"/>}, Liberty with parentLast: the WAR's copy wins. */
  @Test
  void aChildFirstLoaderThatShipsTheApiIsTheApplications() throws Exception {
    try (URLClassLoader runtime = new URLClassLoader(new URL[] {API_JAR}, PLATFORM);
         URLClassLoader war = new ChildFirst(API_JAR, runtime)) {
      assertThat(MicroProfileMetricsPresence.of(war).state()).isEqualTo(State.APPLICATION);
    }
  }

  @Test
  void noApiAnywhere() throws Exception {
    try (URLClassLoader war = new URLClassLoader(new URL[0], PLATFORM)) {
      MicroProfileMetricsPresence presence = MicroProfileMetricsPresence.of(war);
      assertThat(presence.state()).isEqualTo(State.ABSENT);
      assertThat(presence.toString()).isEqualTo("MicroProfile Metrics API absent");
    }
  }

  @Test
  void thePresenceCheckItselfNeedsNoMicroProfileMetricsClass() throws Exception {
    URL library = MicroProfileMetricsPresence.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader war = new URLClassLoader(new URL[] {library}, PLATFORM)) {
      Class<?> presence = war.loadClass(MicroProfileMetricsPresence.class.getName());
      Object result = presence.getMethod("of", ClassLoader.class).invoke(null, war);
      assertThat(result.toString()).isEqualTo("MicroProfile Metrics API absent");
    }
  }

  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL jar, ClassLoader parent) {
      super(new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null && name.startsWith("org.eclipse.microprofile.")) {
          loaded = findClass(name);
        }
        return loaded != null ? loaded : super.loadClass(name, resolve);
      }
    }
  }
}
