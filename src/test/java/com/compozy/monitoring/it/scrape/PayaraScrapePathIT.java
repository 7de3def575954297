package com.compozy.monitoring.it.scrape;

import com.compozy.monitoring.it.PayaraLog;
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
class PayaraScrapePathIT extends ScrapePathSuite {
  /** Two deployments, two servers: Arquillian stops only the second (see PayaraProcesses). */
  @AfterAll
  static void stopTheFirstServer() {
    PayaraProcesses.stopAllButNewest();
  }

  private static final PayaraLog LOG = new PayaraLog();

  @ArquillianResource
  @OperateOnDeployment("owned")
  URL owned;

  @ArquillianResource
  @OperateOnDeployment("rejected")
  URL rejected;

  @Deployment(name = "owned", testable = false)
  static WebArchive ownedDeployment() {
    return ownedWar();
  }

  @Deployment(name = "rejected", testable = false)
  static WebArchive rejectedDeployment() {
    return rejectedWar();
  }

  @Override
  protected URL owned() {
    return owned;
  }

  @Override
  protected URL rejected() {
    return rejected;
  }

  @Override
  protected String serverLog() {
    return LOG.messages();
  }
}
