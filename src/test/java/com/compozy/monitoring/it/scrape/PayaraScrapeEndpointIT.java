package com.compozy.monitoring.it.scrape;

import com.compozy.monitoring.it.PayaraLog;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraScrapeEndpointIT extends ScrapeEndpointSuite {
  private static final PayaraLog LOG = new PayaraLog();

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive scrape() {
    return scrapeWar();
  }

  @Override
  protected URL app() {
    return app;
  }

  @Override
  protected String serverLog() {
    return LOG.messages();
  }
}
