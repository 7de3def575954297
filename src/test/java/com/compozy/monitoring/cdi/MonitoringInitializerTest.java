package com.compozy.monitoring.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.compozy.monitoring.testing.LogCapture;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initializer on a servlet context double whose application has the given settings. */
class MonitoringInitializerTest {
  @TempDir Path war;

  private final List<String> calls = new ArrayList<>();
  private RuntimeException refusal;
  private RuntimeException securityRefusal;
  private jakarta.servlet.Servlet servlet;

  private ServletContext context(String properties) throws Exception {
    Path config = war.resolve("META-INF/microprofile-config.properties");
    Files.createDirectories(config.getParent());
    Files.writeString(config, properties);
    ClassLoader application = new URLClassLoader(new URL[] {war.toUri().toURL()}, getClass().getClassLoader());
    ServletRegistration.Dynamic registration = (ServletRegistration.Dynamic) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ServletRegistration.Dynamic.class}, (self, method, args) -> {
          switch (method.getName()) {
            case "addMapping":
              calls.add("addMapping " + String.join(",", (String[]) args[0]));
              if (refusal != null) {
                throw refusal;
              }
              return Set.of();
            case "setServletSecurity":
              ServletSecurityElement security = (ServletSecurityElement) args[0];
              calls.add("setServletSecurity " + java.util.Arrays.toString(security.getRolesAllowed()));
              if (securityRefusal != null) {
                throw securityRefusal;
              }
              return Set.of();
            default:
              return null;
          }
        });
    return (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletContext.class},
        (self, method, args) -> {
          switch (method.getName()) {
            case "getClassLoader":
              return application;
            case "getContextPath":
              return "/shop";
            case "addServlet":
              calls.add("addServlet " + args[0]);
              servlet = (jakarta.servlet.Servlet) args[1];
              return registration;
            case "addFilter":
              calls.add("addFilter " + args[0]);
              return null;
            case "declareRoles":
              calls.add("declareRoles " + String.join(",", (String[]) args[0]));
              return null;
            default:
              throw new UnsupportedOperationException("context." + method.getName());
          }
        });
  }

  private static List<String> messages(LogCapture log) {
    java.util.logging.Formatter formatter = new java.util.logging.SimpleFormatter();
    return log.records().stream().map(formatter::formatMessage).toList();
  }

  @Test
  void disabledRegistersNothing() throws Exception {
    new MonitoringInitializer().onStartup(null, context("monitoring.enabled=false\n"));

    assertThat(calls).isEmpty();
  }

  @Test
  void enabledRegistersTheServletAtThePathAndTheFilter() throws Exception {
    new MonitoringInitializer().onStartup(null, context("monitoring.enabled=true\nmonitoring.path=/ops/metrics\n"));

    assertThat(calls).containsExactly("addServlet compozy-monitoring-metrics", "addMapping /ops/metrics",
        "addFilter compozy-monitoring-http");
  }

  @Test
  void httpMetricsOffRegistersTheServletButNoFilter() throws Exception {
    try (LogCapture log = LogCapture.of(MonitoringInitializer.class)) {
      new MonitoringInitializer().onStartup(null, context("monitoring.enabled=true\nmonitoring.http.enabled=false\n"));
      assertThat(messages(log)).contains("HTTP metrics off for /shop (monitoring.http.enabled=false): no HTTP filter"
          + " registered");
    }

    assertThat(calls).containsExactly("addServlet compozy-monitoring-metrics", "addMapping /metrics");
  }

  @Test
  void anInvalidConventionRegistersNothingAndNamesTheKey() throws Exception {
    try (LogCapture log = LogCapture.of(MonitoringInitializer.class)) {
      new MonitoringInitializer().onStartup(null, context("monitoring.enabled=true\nmonitoring.http.conventions=v2\n"));
      assertThat(messages(log)).anySatisfy(m -> assertThat(m)
          .contains("monitoring.http.conventions must be one of compozy, otel, both: got 'v2'"));
    }

    assertThat(calls).isEmpty();
  }

  @Test
  void aRoleConstrainsTheServletThroughTheContainer() throws Exception {
    new MonitoringInitializer().onStartup(null, context("monitoring.enabled=true\nmonitoring.auth.role=ops\n"));

    assertThat(calls).containsSubsequence("addMapping /metrics", "declareRoles ops", "setServletSecurity [ops]");
  }

  @Test
  void aContainerThatRefusesTheMappingDoesNotFailTheDeployment() throws Exception {
    refusal = new IllegalArgumentException("invalid mapping");
    ServletContext context = context("monitoring.enabled=true\n");

    try (LogCapture log = LogCapture.of(MonitoringInitializer.class)) {
      assertThatCode(() -> new MonitoringInitializer().onStartup(null, context)).doesNotThrowAnyException();
      assertThat(messages(log)).anySatisfy(message -> assertThat(message)
          .contains("Monitoring scrape endpoint not registered at /shop/metrics: the container refused it")
          .contains("invalid mapping"));
    }
    assertThat(calls).contains("addFilter compozy-monitoring-http");
  }

  @Test
  void aRoleTheContainerCannotApplyLeavesTheEndpointClosed() throws Exception {
    securityRefusal = new IllegalStateException("no security");
    ServletContext context = context("monitoring.enabled=true\nmonitoring.auth.role=ops\n");

    try (LogCapture log = LogCapture.of(MonitoringInitializer.class)) {
      assertThatCode(() -> new MonitoringInitializer().onStartup(null, context)).doesNotThrowAnyException();
      assertThat(messages(log)).anySatisfy(message -> assertThat(message)
          .contains("Monitoring scrape endpoint at /shop/metrics answers 503: the container refused to constrain it"
              + " to role ops"));
    }
    assertThat(statusOfAGet()).isEqualTo(503); // refused before CDI is even asked (there is none here)
  }

  private int statusOfAGet() throws Exception {
    int[] status = {200};
    jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
        (self, method, args) -> switch (method.getName()) {
          case "getMethod" -> "GET";
          case "getProtocol" -> "HTTP/1.1";
          default -> null;
        });
    jakarta.servlet.ServletOutputStream body = new jakarta.servlet.ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(jakarta.servlet.WriteListener listener) {}

      @Override
      public void write(int b) {}
    };
    jakarta.servlet.http.HttpServletResponse response = (jakarta.servlet.http.HttpServletResponse) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletResponse.class},
        (self, method, args) -> {
          if (method.getName().equals("setStatus")) {
            status[0] = (Integer) args[0];
          }
          return method.getName().equals("getOutputStream") ? body : null;
        });
    servlet.service(request, response);
    return status[0];
  }

  @Test
  void theTokenIsNeverLogged() throws Exception {
    try (LogCapture log = LogCapture.of(MonitoringInitializer.class)) {
      new MonitoringInitializer().onStartup(null, context("monitoring.enabled=true\nmonitoring.auth.token=t0ps3cret\n"));
      assertThat(messages(log)).anySatisfy(m -> assertThat(m).contains("protected by bearer token"))
          .allSatisfy(m -> assertThat(m).doesNotContain("t0ps3cret"));
    }
  }
}
