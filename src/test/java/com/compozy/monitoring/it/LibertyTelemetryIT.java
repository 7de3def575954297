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
 * Liberty with its mpTelemetry feature, which registers its own {@code Meter} bean and OpenTelemetry.
 * The deployment must still succeed and {@code @Inject Meter} give the library's meter. (On this
 * Liberty the runtime's bean has the runtime's {@code Meter} class, which a WAR bundling its own
 * OpenTelemetry does not see, so the one {@code Meter} bean the application sees is the library's.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyTelemetryIT {
  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.war("telemetry", config("monitoring.enabled", "true"),
        TestApplication.class, ClicksResource.class);
  }

  @Test
  void deploysAndInjectsTheLibrarysMeterBesideTheRuntimes() {
    assertThat(Http.get(app, "clicks/meter-beans").body()).isEqualTo("1");
    assertThat(Http.send(app, "POST", "clicks/blue").statusCode()).isEqualTo(200);

    assertThat(Http.get(app, "clicks/state").body()).isEqualTo("initialized=true sameMeter=true error=none");
    assertThat(Http.get(app, "metrics").body()).contains("compozy_it_clicks_total{button=\"blue\"} 1.0");
  }
}
