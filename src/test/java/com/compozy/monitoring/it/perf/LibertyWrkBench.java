package com.compozy.monitoring.it.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.LibertyProcess;
import com.compozy.monitoring.testing.OtlpReceiver;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throughput of a trivial JAX-RS endpoint in one Liberty, deployed four times: monitoring on,
 * monitoring off, monitoring off with a pass-through servlet filter (what the runtime's filter
 * chain costs by itself), and monitoring on with tracing (every request sampled, spans batched over
 * OTLP/HTTP to a receiver in the test JVM that decodes and counts them). Rounds alternate and change
 * order each time, so that all four see the same machine; each round is compared with the "off"
 * round next to it, and the traced one also with the "on" one.
 * Besides wrk's requests/s it reports the server's CPU time per request, which wrk, running on
 * the same cores, disturbs less. A measurement, not a test: it asserts nothing about speed.
 *
 * <p>Run: {@code mvn verify -DskipUTs -DskipPayaraITs -DskipTelemetryITs -Dit.test=LibertyWrkBench}
 * (needs Debian's {@code wrk}; {@code -Dwrk.rounds=12 -Dwrk.duration=5s} are the defaults).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyWrkBench {
  private static final int ROUNDS = Integer.getInteger("wrk.rounds", 12);
  private static final String DURATION = System.getProperty("wrk.duration", "5s");
  private static final int WARMUP_ROUNDS = 4;

  @ArquillianResource
  @OperateOnDeployment("on")
  URL on;

  @ArquillianResource
  @OperateOnDeployment("off")
  URL off;

  @ArquillianResource
  @OperateOnDeployment("passthrough")
  URL passThrough;

  @ArquillianResource
  @OperateOnDeployment("traced")
  URL traced;

  /** Started when the deployment is built, so that its address goes into the WAR's config. */
  private static final OtlpReceiver RECEIVER = OtlpReceiver.start();

  @Deployment(name = "on", testable = false)
  static WebArchive on() {
    return Deployments.war("on", Deployments.config("monitoring.enabled", "true"),
        PingApplication.class, PingApplication.Ping.class);
  }

  @Deployment(name = "off", testable = false)
  static WebArchive off() {
    return Deployments.war("off", Deployments.config("monitoring.enabled", "false"),
        PingApplication.class, PingApplication.Ping.class);
  }

  @Deployment(name = "passthrough", testable = false)
  static WebArchive passThrough() {
    return Deployments.war("passthrough", Deployments.config("monitoring.enabled", "false"),
        PingApplication.class, PingApplication.Ping.class, PassThroughFilter.class);
  }

  @Deployment(name = "traced", testable = false)
  static WebArchive traced() {
    RECEIVER.discardSpans();
    return Deployments.war("traced", Deployments.config("monitoring.enabled", "true",
            "monitoring.tracing.enabled", "true", "otel.traces.exporter", "otlp",
            "otel.exporter.otlp.endpoint", RECEIVER.endpoint(), "otel.metrics.exporter", "none"),
        PingApplication.class, PingApplication.Ping.class);
  }

  /** One wrk run: requests, requests per second, and the server's CPU microseconds per request if known. */
  record Run(long requests, double requestsPerSecond, double cpuMicrosPerRequest) {}

  /** The deployments in the order of {@code apps}, and their indexes there. */
  private static final String[] NAMES = {"on", "off", "pass-through", "traced"};
  private static final int ON = 0;
  private static final int OFF = 1;
  private static final int PASS_THROUGH = 2;
  private static final int TRACED = 3;

  @Test
  void monitoringOnVersusOff() throws Exception {
    Optional<ProcessHandle> server = LibertyProcess.find();
    List<URL> apps = List.of(on, off, passThrough, traced);
    long tracedRequests = 0;
    for (int round = 0; round < WARMUP_ROUNDS; round++) { // until all are compiled hot
      for (int app = 0; app < apps.size(); app++) {
        Run run = wrk(apps.get(app), server);
        tracedRequests += app == TRACED ? run.requests : 0;
      }
    }
    List<Run[]> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Run[] runs = new Run[apps.size()];
      for (int i = 0; i < apps.size(); i++) {
        int app = (round + i) % apps.size(); // rotate which one goes first
        runs[app] = wrk(apps.get(app), server);
      }
      tracedRequests += runs[TRACED].requests;
      rounds.add(runs);
      StringBuilder line = new StringBuilder(String.format("round %2d", round + 1));
      for (int app = 0; app < apps.size(); app++) {
        line.append(String.format("  %s %8.0f/s %6.1f µs", NAMES[app], runs[app].requestsPerSecond,
            runs[app].cpuMicrosPerRequest));
      }
      System.out.println(line);
    }
    report("monitoring on vs off", rounds, ON, OFF);
    report("pass-through filter vs off", rounds, PASS_THROUGH, OFF);
    report("tracing (and monitoring) on vs off", rounds, TRACED, OFF);
    report("tracing on vs monitoring on", rounds, TRACED, ON);
    // the batch processor drops spans when its queue (2048) fills faster than it exports; what it
    // holds it sends within its schedule delay (5 s): settled is no new span over a longer poll
    long spans = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(6))
        .until(RECEIVER::spansReceived, new Predicate<Long>() {
          private long last = -1;

          @Override
          public boolean test(Long received) { // settled: nothing new in the last poll
            boolean settled = received == last;
            last = received;
            return settled;
          }
        });
    System.out.printf("traced: %d requests, %d spans received (%.1f %%)%n", tracedRequests, spans,
        100.0 * spans / tracedRequests);
    assertThat(Http.get(on, "metrics").body()).contains("compozy_http_requests_total{http_method=\"GET\","
        + "http_route=\"/api/ping/{id}\",http_status_code=\"200\"}");
    assertThat(spans).isPositive();
  }

  private static void report(String what, List<Run[]> rounds, int app, int reference) {
    System.out.printf("%s: throughput %s; server CPU per request %s%n", what,
        change(rounds, app, reference, Run::requestsPerSecond), change(rounds, app, reference, Run::cpuMicrosPerRequest));
  }

  /** The paired change against {@code reference}: mean ± two standard errors, and the median. */
  private static String change(List<Run[]> rounds, int app, int reference, ToDoubleFunction<Run> value) {
    double[] changes = rounds.stream()
        .mapToDouble(runs -> (value.applyAsDouble(runs[app]) / value.applyAsDouble(runs[reference]) - 1) * 100)
        .filter(Double::isFinite).sorted().toArray();
    if (changes.length < 2) {
      return "n/a";
    }
    double mean = Arrays.stream(changes).average().orElseThrow();
    double variance = Arrays.stream(changes).map(c -> (c - mean) * (c - mean)).sum() / (changes.length - 1);
    int middle = changes.length / 2;
    double median = changes.length % 2 == 1 ? changes[middle] : (changes[middle - 1] + changes[middle]) / 2;
    return String.format("%+.1f %% ± %.1f (median %+.1f %%)", mean,
        2 * Math.sqrt(variance / changes.length), median);
  }

  private static Run wrk(URL app, Optional<ProcessHandle> server) throws IOException, InterruptedException {
    Duration cpuBefore = cpu(server);
    Process wrk = new ProcessBuilder("wrk", "-t1", "-c8", "-d" + DURATION, Http.resolve(app, "api/ping/1").toString())
        .redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wrk.waitFor()).as(output).isZero();
    Duration cpuUsed = cpu(server).minus(cpuBefore);
    Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
    Matcher count = Pattern.compile("(\\d+) requests in").matcher(output);
    assertThat(rate.find() && count.find()).as(output).isTrue();
    long requests = Long.parseLong(count.group(1));
    return new Run(requests, Double.parseDouble(rate.group(1)), cpuUsed.toNanos() / 1e3 / requests);
  }

  private static Duration cpu(Optional<ProcessHandle> server) {
    return server.flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }
}
