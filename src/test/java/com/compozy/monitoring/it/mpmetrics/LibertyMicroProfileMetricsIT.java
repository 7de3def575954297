package com.compozy.monitoring.it.mpmetrics;

import com.compozy.monitoring.it.LibertyLog;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/** Open Liberty without {@code mpMetrics} (liberty/server.xml): the library implements the annotations. */
// -Dit.test runs a class in every failsafe execution: this one means something on the plain Liberty only
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "liberty")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyMicroProfileMetricsIT extends MicroProfileMetricsSuite {
  private static final int LOG_FROM = LibertyLog.messages().length();

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
    String log = LibertyLog.messages();
    return log.substring(Math.min(LOG_FROM, log.length()));
  }
}
