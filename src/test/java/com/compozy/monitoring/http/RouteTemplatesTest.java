package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplatesTest {
  private final RouteTemplates templates = new RouteTemplates();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{id}|{id}",
      "{id: [0-9]+}|{id}",
      "{ id : \\d{3}}/x|{id}/x",
      "a/{b:[a-z]{2,3}}-{c}|a/{b}-{c}",
      "plain|plain"})
  void dropsRegularExpressions(String segment, String expected) {
    assertThat(RouteTemplates.withoutRegex(segment)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"|/", "/|/", "//a//b/|/a/b", "/a/|/a", "/a|/a"})
  void normalizesSlashes(String template, String expected) {
    assertThat(RouteTemplates.normalize(template == null ? "" : template)).isEqualTo(expected);
  }

  @ApplicationPath("/api/")
  static class App extends Application {}

  static class ProxyOfApp extends App {}

  @Test
  void readsTheApplicationPathThroughSubclassesSuchAsProxies() {
    assertThat(RouteTemplates.applicationPath(ProxyOfApp.class)).isEqualTo("/api/");
    assertThat(RouteTemplates.applicationPath(Application.class)).isNull();
  }

  interface Api {
    @GET
    @Path("{id: \\d+}")
    String get(String id);
  }

  @Path("/things/")
  static class Things implements Api {
    @Override
    public String get(String id) {
      return id;
    }

    @POST
    public String create() {
      return "";
    }

    @Path("{id}/parts")
    public Parts parts() {
      return new Parts();
    }
  }

  static class ThingsProxy extends Things {}

  static class Parts {
    @GET
    @Path("{part}")
    public String part() {
      return "";
    }
  }

  @Test
  void joinsApplicationClassAndMethodPaths() throws Exception {
    Method get = ThingsProxy.class.getMethod("get", String.class);
    assertThat(templates.template("/api/", List.of(ThingsProxy.class), get)).isEqualTo("/api/things/{id}");
    assertThat(templates.template("", List.of(Things.class), Things.class.getMethod("create")))
        .isEqualTo("/things");
  }

  @Test
  void followsSubResourceLocators() throws Exception {
    assertThat(templates.template("/api", List.of(Things.class, Parts.class), Parts.class.getMethod("part")))
        .isEqualTo("/api/things/{id}/parts/{part}");
  }

  @Test
  void cachesPerMethod() throws Exception {
    Method get = Things.class.getMethod("get", String.class);
    assertThat(templates.template("/api", List.of(Things.class), get))
        .isSameAs(templates.template("/api", List.of(Things.class), get));
  }
}
