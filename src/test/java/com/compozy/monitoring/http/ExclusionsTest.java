package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExclusionsTest {
  private final Exclusions exclusions = new Exclusions(List.of("/api/health/{check}", "/api/ping", "/static/*"));

  @Test
  void anExactEntryExcludesThatPathOrThatRouteTemplateOnly() {
    assertThat(exclusions.excludesPath("/api/ping")).isTrue();
    assertThat(exclusions.excludesPath("/api/ping/")).isFalse();
    assertThat(exclusions.excludesPath("/api/pings")).isFalse();
    assertThat(exclusions.excludesRoute("/api/health/{check}")).isTrue();
    assertThat(exclusions.excludesRoute("/api/health")).isFalse();
    assertThat(exclusions.excludesPath("/api/health/db")).isFalse(); // a template is not a pattern
  }

  @Test
  void anEntryEndingInStarExcludesEveryPathItPrefixesButNoRoute() {
    assertThat(exclusions.excludesPath("/static/")).isTrue();
    assertThat(exclusions.excludesPath("/static/css/app.css")).isTrue();
    assertThat(exclusions.excludesPath("/static")).isFalse();
    assertThat(exclusions.excludesPath("/api/static/x")).isFalse();
    assertThat(exclusions.excludesRoute("/static/{file}")).isFalse();
  }

  @Test
  void noEntriesExcludeNothing() {
    Exclusions none = new Exclusions(List.of());
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.excludesPath("/api/ping")).isFalse();
    assertThat(none.excludesRoute("/api/ping")).isFalse();
    assertThat(exclusions.isEmpty()).isFalse();
    assertThat(new Exclusions(List.of("/all*")).isEmpty()).isFalse();
  }
}
