package com.compozy.monitoring.it.tracing;

import com.compozy.monitoring.testing.OtlpReceiver;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraOtlpExportIT extends OtlpExportSuite {
  private static final OtlpReceiver COLLECTOR = OtlpReceiver.start();

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive otlp() {
    return otlpWar(COLLECTOR);
  }

  @Override
  protected OtlpReceiver collector() {
    return COLLECTOR;
  }

  @Override
  protected URL app() {
    return app;
  }
}
