package com.compozy.monitoring.it;

import static com.compozy.monitoring.it.Deployments.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.it.app.ThreadsResource;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.it.tracing.OtlpResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
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
 * The same WAR deployed and undeployed ten times in one Liberty; then ten times again with tracing
 * and OTLP metric push on towards a collector that is not there, where the undeploy must not hang
 * on the export and no export thread of ours may outlive its deployment (the JDK HTTP client's
 * selector threads are reported after a GC, not asserted: see the test).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {
  private static final int CYCLES = 10;
  /** The JDK HttpClient's own thread, one per client: the OTLP exporters' senders have one each. */
  private static final String SELECTOR_THREAD = "HttpClient-\\d+-SelectorManager";

  @ArquillianResource Deployer deployer;

  @Deployment(name = "cycle", managed = false, testable = false)
  static WebArchive cycle() {
    return Deployments.war("cycle", config("monitoring.enabled", "true"),
        TestApplication.class, ClicksResource.class, ThreadsResource.class);
  }

  @Deployment(name = "cycle-otlp", managed = false, testable = false)
  static WebArchive cycleOtlp() {
    return Deployments.war("cycle-otlp", config("monitoring.enabled", "true",
            "monitoring.tracing.enabled", "true",
            "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort(),
            "otel.bsp.schedule.delay", "100",
            "otel.metrics.exporter", "otlp",
            "otel.metric.export.interval", "500"),
        TestApplication.class, ClicksResource.class, ThreadsResource.class, OtlpResource.class);
  }

  /** A port nothing listens on: every export is refused, as with a collector that is down. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyDeploymentServesFreshMetricsAndLeavesNoThreadsBehind() throws MalformedURLException {
    URL url = new URL("http://localhost:" + System.getProperty("it.http.port") + "/cycle/");
    String logBefore = LibertyLog.messages();
    List<Integer> threads = new ArrayList<>();

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      deployer.deploy("cycle");
      try {
        assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
        assertThat(Scrape.parse(Http.get(url, "metrics").body()).value("compozy_it_clicks_total", "button", "blue"))
            .as("cycle %d starts from zero", cycle)
            .isEqualTo(1);
        assertThat(Http.send(url, "POST", "clicks/global").body())
            .as("each deployment owns its GlobalOpenTelemetry").isEqualTo("true");
        threads.add(Integer.parseInt(Http.get(url, "threads").body()));
      } finally {
        deployer.undeploy("cycle");
      }
    }

    System.out.println("Liberty live threads after each of " + CYCLES + " deployments: " + threads);
    String log = LibertyLog.messages().substring(logBefore.length());
    assertThat(log).doesNotContain("GlobalOpenTelemetry").doesNotContain("has already been called");
    // the WAR has no Temporal SDK: the library's Temporal producers must not even be looked at
    assertThat(log).doesNotContain("CWNEN0049W").doesNotContain("WELD-000119");
    int settled = threads.get(2);
    assertThat(threads.subList(3, CYCLES))
        .as("threads per cycle %s", threads)
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(settled + 3));
  }

  @Test
  void withTracingAndPushOnNoExportThreadOutlivesItsDeployment() throws MalformedURLException {
    URL url = new URL("http://localhost:" + System.getProperty("it.http.port") + "/cycle-otlp/");
    List<Integer> threads = new ArrayList<>();
    List<Long> undeployMillis = new ArrayList<>();
    List<Long> selectors = new ArrayList<>();

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      deployer.deploy("cycle-otlp");
      try {
        assertThat(Http.send(url, "POST", "clicks/blue").statusCode()).isEqualTo(200);
        assertThat(Http.send(url, "POST", "clicks/global").body()).isEqualTo("true");
        assertThat(Http.send(url, "POST", "otlp/span/cycle-" + cycle).body()).as("sampled trace id").hasSize(32);
        // what the previous deployments started has ended; this one's threads may be running
        String live = await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(url, "otlp/threads").body(),
            names -> count(names, "BatchSpanProcessor.*") <= 1 && count(names, "PeriodicMetricReader.*") <= 1
                && count(names, "jdkhttp-executor.*") <= 2 && count(names, "monitoring-shutdown") == 0);
        selectors.add(count(live, SELECTOR_THREAD));
        threads.add(Integer.parseInt(Http.get(url, "threads").body()));
      } finally {
        long started = System.nanoTime();
        deployer.undeploy("cycle-otlp");
        undeployMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
      }
    }

    System.out.println("with tracing: Liberty live threads after each of " + CYCLES + " deployments: " + threads);
    System.out.println("with tracing: undeploy with an unreachable collector, ms: " + undeployMillis);
    System.out.println("with tracing: JDK HttpClient selector threads alive in each cycle: " + selectors);
    // Java 17's HttpClient has no close(): an undeployed WAR's exporter selector threads end only
    // once a GC finds their client unreachable. Reported, not asserted: Open Liberty keeps recent
    // log records through soft references, which a GC leaves alone until memory runs short, and a
    // record's parameters keep the undeployed WAR loaded. A heap dump (2026-12-02) found two such
    // records: the library's "Monitoring started: {0}" with the service as parameter (now a
    // string), and Weld's WELD-000411 with the library's extension observer as parameter (the
    // observer is narrowed now); and an HTTP/2 connection still open from the test's client,
    // holding its webapp (Http speaks HTTP/1.1 now). After both, 2 to 12 are left, varying
    // from run to run; what holds them is not found yet.
    ProcessHandle server = LibertyProcess.find().orElseThrow(() -> new AssertionError("no Liberty process"));
    try { // a selector thread sees its client gone at its next wake-up, within seconds of the GC
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        LibertyProcess.jcmd(server, "GC.run");
        return count(threadNames(server), SELECTOR_THREAD);
      }, selectorThreads -> selectorThreads == 0);
    } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
      // reported below
    }
    long left = count(threadNames(server), SELECTOR_THREAD);
    System.out.println("with tracing: JDK HttpClient selector threads after GC.run: " + left);
    System.out.println("with tracing: live instances after GC.run:\n" + LibertyProcess.jcmd(server, "GC.class_histogram")
        .lines().filter(line -> line.matches(".*(com\\.compozy\\.monitoring\\.service\\.MonitoringService"
            + "|io\\.opentelemetry\\.sdk\\.trace\\.SdkTracerProvider)$|.*jdk\\.internal\\.net\\.http\\.HttpClient(Impl|Facade) .*"))
        .collect(Collectors.joining("\n")));
  }

  /** The names of the server's live threads, from a thread dump. */
  private static String threadNames(ProcessHandle server) {
    return LibertyProcess.jcmd(server, "Thread.print").lines().filter(line -> line.startsWith("\""))
        .map(line -> line.substring(1, line.indexOf('"', 1))).collect(Collectors.joining("\n"));
  }

  private static long count(String threadNames, String pattern) {
    return threadNames.lines().filter(name -> name.matches(pattern)).count();
  }
}
