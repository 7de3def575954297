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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * selector threads included, once a GC has run past Liberty's early-message window: see the test).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {
  private static final int CYCLES = 10;
  /** The JDK HttpClient's own thread, one per client: the OTLP exporters' senders have one each. */
  private static final String SELECTOR_THREAD = "HttpClient-\\d+-SelectorManager";
  /** How long after its start Open Liberty keeps early log records (BaseTraceService). */
  private static final Duration EARLY_MESSAGES_KEPT = Duration.ofMinutes(5).plusSeconds(10);

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
    // the server's count is shared with what other tests' WARs left: in a full CI run the demo's
    // gRPC worker threads outlived its undeploy and kept its exporter clients (heap dump, 2026-12-03)
    ProcessHandle server = LibertyProcess.find().orElseThrow(() -> new AssertionError("no Liberty process"));
    LibertyProcess.jcmd(server, "GC.run");
    long before = count(threadNames(server), SELECTOR_THREAD);

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
    // once a GC finds their client unreachable. For its first five minutes, Open Liberty keeps the
    // last 100 log records in a soft queue for log handlers that start late
    // (BaseTraceService.earlierMessages, dropped by a timer after 5 minutes). A record keeps its WAR
    // loaded: the logging class, a parameter, or the backtrace of an exception logged by the
    // exporter. A GC leaves soft references alone until memory runs short. So the threads are
    // counted once the server is past that window (a heap dump of 2026-12-03 found every one of 12
    // selector threads' clients held only through that queue).
    Instant earlyMessagesDropped = server.info().startInstant().orElseThrow().plus(EARLY_MESSAGES_KEPT);
    await().atMost(EARLY_MESSAGES_KEPT.plusMinutes(1)).pollInterval(Duration.ofSeconds(5))
        .until(() -> Instant.now().isAfter(earlyMessagesDropped));
    try { // a selector thread sees its client gone at its next wake-up, within seconds of the GC
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        LibertyProcess.jcmd(server, "GC.run");
        return count(threadNames(server), SELECTOR_THREAD);
      }, selectorThreads -> selectorThreads <= before);
    } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
      // reported and asserted below
    }
    long left = count(threadNames(server), SELECTOR_THREAD);
    System.out.println("with tracing: JDK HttpClient selector threads before the cycles: " + before
        + ", after them and GC.run: " + left);
    String heapDump = System.getProperty("it.heapDump");
    if (heapDump == null && left > before) {
      heapDump = Path.of(System.getProperty("it.project.dir", "."), "target", "redeploy-leftover.hprof").toString();
    }
    if (heapDump != null) { // what holds them: see README, Integration tests (HeapPaths)
      System.out.println("with tracing: " + LibertyProcess.jcmd(server, "GC.heap_dump", heapDump).strip());
    }
    assertThat(left).as("selector threads after the cycles and a GC, %d before them (heap dump: %s)", before, heapDump)
        .isLessThanOrEqualTo(before);
  }

  private static String threadNames(ProcessHandle server) {
    return String.join("\n", LibertyProcess.threadNames(server));
  }

  private static long count(String threadNames, String pattern) {
    return threadNames.lines().filter(name -> name.matches(pattern)).count();
  }
}
