package com.compozy.monitoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.prometheus.PrometheusDemoSuite;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo (embedded Temporal server, its gRPC channel, a worker) undeployed after a workflow ran:
 * every thread it started must end with it, or the thread keeps the WAR's class loader and all
 * it references (a CI heap dump of 2026-12-03 found the demo's gRPC workers holding an undeployed
 * WAR's exporters).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoRedeployIT {
  @ArquillianResource Deployer deployer;

  @Deployment(name = "demo-cycle", managed = false, testable = false)
  static WebArchive demo() {
    return PrometheusDemoSuite.demoWar();
  }

  @Test
  void undeployingTheDemoEndsEveryThreadItStarted() throws MalformedURLException {
    URL url = new URL("http://localhost:" + System.getProperty("it.http.port") + "/demo/");
    ProcessHandle server = LibertyProcess.find().orElseThrow(() -> new AssertionError("no Liberty process"));
    List<String> before = applicationThreads(server);

    deployer.deploy("demo-cycle");
    try {
      HttpResponse<String> started = Http.send(url, "POST", "api/v1/workflows");
      assertThat(started.statusCode()).isEqualTo(202);
      String id = Json.createReader(new StringReader(started.body())).readObject().getString("id");
      await().atMost(Duration.ofSeconds(60))
          .until(() -> Http.get(url, "api/v1/workflows/" + id).body(), body -> body.contains("\"completed\""));
      assertThat(applicationThreads(server)).as("the demo's own threads while it runs").hasSizeGreaterThan(before.size());
    } finally {
      deployer.undeploy("demo-cycle");
    }

    try {
      // gRPC releases its shared event loops and executors a second after their last user is gone
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> added(before, applicationThreads(server)).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
      // reported and asserted below
    }
    List<String> left = added(before, applicationThreads(server));
    System.out.println("demo undeployed: threads before it " + before + "; left by it " + left);
    assertThat(left).as("threads started while the demo was deployed and still alive after its undeploy").isEmpty();
  }

  /** The names in {@code now} beyond those in {@code before}, counting repeated names. */
  private static List<String> added(List<String> before, List<String> now) {
    List<String> added = new ArrayList<>(now);
    before.forEach(added::remove);
    return added;
  }

  /**
   * Live threads except those of Liberty's own pools and the JVM's: what an application (or a
   * library in it) started.
   */
  private static List<String> applicationThreads(ProcessHandle server) {
    return LibertyProcess.threadNames(server).stream()
        .filter(name -> !name.matches("(Default|Scheduled|Batch) Executor-thread-\\d+|Attach Listener|"
            + "Reference Handler|Finalizer|Signal Dispatcher|Common-Cleaner|Notification Thread|"
            + "Service Thread|Monitor Deflation Thread|C[12] CompilerThread\\d+|Sweeper thread|"
            + "VM .*|GC .*|G1 .*|DestroyJavaVM|process reaper|ForkJoinPool.commonPool-worker-\\d+|"
            + "HttpClient-\\d+-SelectorManager|Java2D Disposer|ClassloaderMapProcessingThread-\\d+|"
            + "RMI TCP Connection\\(.*|JMX server connection timeout \\d+|reaper logger|zip file reaper"))
        .sorted().collect(Collectors.toList());
  }
}
