package com.compozy.monitoring.it;

import static com.compozy.monitoring.it.Deployments.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payara Micro 6 loads its own OpenTelemetry (1.29) ahead of the WAR's. Without
 * {@code glassfish-web.xml} monitoring must degrade with advice, never fail requests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraClassClashIT {
  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive withoutGlassfishWebXml() {
    return Deployments.withoutClassLoaderAdvice("clash", config("monitoring.enabled", "true"),
        TestApplication.class, ClicksResource.class);
  }

  @Test
  void degradesWithAdviceAndKeepsServing() {
    for (int i = 0; i < 20; i++) {
      assertThat(Http.send(app, "POST", "clicks/blue").statusCode()).isEqualTo(200);
    }
    String state = Http.get(app, "clicks/state").body();

    // Payara's repackaged jars carry no version, so the clash shows as a linkage error, explained
    assertThat(state).startsWith("initialized=false sameMeter=true error=OpenTelemetry classes do not match the ones"
        + " this library was built with (1.66.0): java.lang.NoSuchMethodError: ")
        .contains("on Payara add WEB-INF/glassfish-web.xml with <class-loader delegate=\"false\"/>");
    assertThat(Http.get(app, "metrics").statusCode()).isEqualTo(503);
  }
}
