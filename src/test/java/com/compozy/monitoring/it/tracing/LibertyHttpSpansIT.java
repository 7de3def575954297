package com.compozy.monitoring.it.tracing;

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
class LibertyHttpSpansIT extends HttpSpansSuite {
  @ArquillianResource
  @OperateOnDeployment("spans")
  URL app;

  @Deployment(name = "spans", testable = false)
  static WebArchive spans() {
    return spansWar();
  }

  @Override
  protected URL app() {
    return app;
  }
}
