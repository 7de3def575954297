package com.compozy.monitoring.it;

import static com.compozy.monitoring.it.Deployments.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.it.app.ThreadsResource;
import com.compozy.monitoring.testing.Scrape;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same WAR deployed and undeployed ten times in one Liberty. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {
  private static final int CYCLES = 10;

  @ArquillianResource Deployer deployer;

  @Deployment(name = "cycle", managed = false, testable = false)
  static WebArchive cycle() {
    return Deployments.war("cycle", config("monitoring.enabled", "true"),
        TestApplication.class, ClicksResource.class, ThreadsResource.class);
  }

  @Test
  void everyDeploymentServesFreshMetricsAndLeavesNoThreadsBehind() throws MalformedURLException {
    URL url = new URL("http://localhost:" + System.getProperty("it.http.port") + "/cycle/");
    String logBefore = LibertyLog.messages();
    List<Integer> threads = new ArrayList<>();

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      deployer.deploy("cycle");
      try {
        assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
        assertThat(Scrape.parse(Http.get(url, "metrics").body()).value("compozy_it_clicks_total", "button", "blue"))
            .as("cycle %d starts from zero", cycle)
            .isEqualTo(1);
        assertThat(Http.send(url, "POST", "clicks/global").body())
            .as("each deployment owns its GlobalOpenTelemetry").isEqualTo("true");
        threads.add(Integer.parseInt(Http.get(url, "threads").body()));
      } finally {
        deployer.undeploy("cycle");
      }
    }

    System.out.println("Liberty live threads after each of " + CYCLES + " deployments: " + threads);
    String log = LibertyLog.messages().substring(logBefore.length());
    assertThat(log).doesNotContain("GlobalOpenTelemetry").doesNotContain("has already been called");
    // the WAR has no Temporal SDK: the library's Temporal producers must not even be looked at
    assertThat(log).doesNotContain("CWNEN0049W").doesNotContain("WELD-000119");
    int settled = threads.get(2);
    assertThat(threads.subList(3, CYCLES))
        .as("threads per cycle %s", threads)
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(settled + 3));
  }
}
