package com.compozy.monitoring.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrapePathOwnersTest {
  @ApplicationPath("/")
  static class RootApplication extends Application {}

  @ApplicationPath("api")
  static class ApiApplication extends Application {}

  @Path("metrics")
  public static class MetricsResource {
    @GET
    public String get() {
      return "mine";
    }
  }

  @Path("/")
  public static class RootResource {
    @GET
    @Path("metrics")
    public String metrics() {
      return "mine";
    }

    @GET
    @Path("health")
    public String health() {
      return "up";
    }
  }

  @Path("{page}")
  public static class PagesResource {
    @GET
    public String page() {
      return "page";
    }
  }

  @Test
  void namesEveryResourceTheScrapePathHides() {
    assertThat(ScrapePathOwners.hidden(
        Set.of(RootApplication.class, MetricsResource.class, RootResource.class, PagesResource.class), "/metrics"))
        .containsExactly(
            MetricsResource.class.getName() + " (/metrics)",
            PagesResource.class.getName() + " ({page})".replace("({page})", "(/{page})"),
            RootResource.class.getName() + "#metrics (/metrics)");
  }

  @Test
  void aResourceUnderAnotherApplicationPathIsNotHidden() {
    assertThat(ScrapePathOwners.hidden(Set.of(ApiApplication.class, MetricsResource.class), "/metrics")).isEmpty();
    assertThat(ScrapePathOwners.hidden(Set.of(ApiApplication.class, MetricsResource.class), "/api/metrics"))
        .containsExactly(MetricsResource.class.getName() + " (/api/metrics)");
  }

  @Test
  void noClassesNothingHidden() {
    assertThat(ScrapePathOwners.hidden(null, "/metrics")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"/metrics,/metrics,true", "/metrics,/metrics/,true", "/{id},/metrics,true", "/{id},/a/b,false",
      "/{rest: .*},/a/b,true", "/m/{x: [0-9]+},/m/12,true", "/m/{x: [0-9]+},/m/ab,false", "/metrics,/metricsx,false"})
  void templates(String template, String path, boolean matches) {
    assertThat(ScrapePathOwners.matches(template, path)).isEqualTo(matches);
  }
}
