package com.compozy.monitoring.it.http;

import com.compozy.monitoring.it.PayaraProcesses;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHttpConventionsIT extends HttpConventionsSuite {
  /** Two deployments, two servers: Arquillian stops only the second (see PayaraProcesses). */
  @AfterAll
  static void stopTheFirstServer() {
    PayaraProcesses.stopAllButNewest();
  }

  @ArquillianResource
  @OperateOnDeployment("otel")
  URL otel;

  @ArquillianResource
  @OperateOnDeployment("both")
  URL both;

  @Deployment(name = "otel", testable = false)
  static WebArchive otelWar() {
    return conventionsWar("otel");
  }

  @Deployment(name = "both", testable = false)
  static WebArchive bothWar() {
    return conventionsWar("both");
  }

  @Override
  protected URL otel() {
    return otel;
  }

  @Override
  protected URL both() {
    return both;
  }
}
