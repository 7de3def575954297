package com.compozy.monitoring.it.http;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suite with {@code monitoring.http.conventions=otel}: the same exact counts, read from the semantic-convention series. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyHttpConformanceOtelIT extends HttpConformanceSuite {
  @ArquillianResource
  @OperateOnDeployment("conformance-otel")
  URL app;

  @Deployment(name = "conformance-otel", testable = false)
  static WebArchive conformance() {
    return conformanceWar("otel");
  }

  @Override
  protected URL app() {
    return app;
  }

  @Override
  protected String conventions() {
    return "otel";
  }
}
