package com.compozy.monitoring.it.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code monitoring.auth.role}: the container's own security guards the scrape endpoint, run on
 * every runtime. Users come from the application's Jakarta Security identity store
 * ({@link ScraperIdentityStore}); Payara maps the role to the group by {@code glassfish-web.xml},
 * Liberty by name.
 */
public abstract class ScrapeRoleSuite {
  protected abstract URL app();

  public static WebArchive roleWar() {
    return Deployments.withoutClassLoaderAdvice("role",
            Deployments.config("monitoring.enabled", "true", "monitoring.auth.role", ScraperIdentityStore.ROLE),
            TestApplication.class, ClicksResource.class, ScraperIdentityStore.class)
        .addAsWebInfResource(new StringAsset("<glassfish-web-app><class-loader delegate=\"false\"/>"
            + "<security-role-mapping><role-name>" + ScraperIdentityStore.ROLE + "</role-name><group-name>"
            + ScraperIdentityStore.ROLE + "</group-name></security-role-mapping></glassfish-web-app>"),
            "glassfish-web.xml");
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anonymousScrapersAreAskedToAuthenticate() {
    HttpResponse<String> anonymous = Http.get(app(), "metrics");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
        assertThat(challenge).startsWithIgnoringCase("Basic"));
    assertThat(anonymous.body()).doesNotContain("compozy_");
    assertThat(Http.get(app(), "metrics", "Authorization", basic("scraper", "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void aUserWithoutTheRoleIsForbidden() {
    HttpResponse<String> intruder = Http.get(app(), "metrics", "Authorization", basic("intruder", "intruder-pw"));

    assertThat(intruder.statusCode()).isEqualTo(403);
    assertThat(intruder.body()).doesNotContain("compozy_");
  }

  @Test
  void aUserInTheRoleScrapes() {
    assertThat(Http.send(app(), "POST", "clicks/guarded").statusCode()).isEqualTo(200);

    HttpResponse<String> scraper = Http.get(app(), "metrics", "Authorization", basic("scraper", "scraper-pw"));

    assertThat(scraper.statusCode()).isEqualTo(200);
    assertThat(scraper.body()).contains("compozy_it_clicks_total{button=\"guarded\"} 1.0");
  }

  @Test
  void theApplicationItselfStaysOpen() {
    assertThat(Http.get(app(), "clicks/state").statusCode()).isEqualTo(200);
  }
}
