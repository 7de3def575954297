package com.compozy.monitoring.it.prometheus;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraDemoTracingIT extends DemoTracingSuite {
  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive demo() {
    return tracedDemoWar();
  }

  @Override
  protected URL app() {
    return app;
  }
}
