package com.compozy.monitoring.it.mpmetrics;

import com.compozy.monitoring.it.PayaraLog;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR that ships the API on Payara Micro, whose own MicroProfile Metrics is built in: with the
 * {@code <class-loader delegate="false"/>} the library needs there, the WAR's copy of the API shadows
 * Payara's, so Payara's interceptors are not bound to the application's annotations and the library
 * records them, once, at its endpoint (seen 2026-12-01 on Payara Micro 6.2025.10).
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "payara")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraMicroProfileMetricsIT extends MicroProfileMetricsSuite {
  private static final PayaraLog LOG = new PayaraLog();

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return mpMetricsWar();
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
