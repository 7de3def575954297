package com.compozy.monitoring.it.http;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHttpConformanceIT extends HttpConformanceSuite {
  @ArquillianResource
  @OperateOnDeployment("conformance")
  URL app;

  @Deployment(name = "conformance", testable = false)
  static WebArchive conformance() {
    return conformanceWar();
  }

  @Override
  protected URL app() {
    return app;
  }
}
