package com.compozy.monitoring.it.scrape;

import com.compozy.monitoring.it.LibertyLog;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyScrapeEndpointIT extends ScrapeEndpointSuite {
  /** Liberty's log spans every IT of a run: this class reads what was written after it started. */
  private static final int LOG_FROM = LibertyLog.messages().length();

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
    String log = LibertyLog.messages();
    return log.substring(Math.min(LOG_FROM, log.length()));
  }
}
