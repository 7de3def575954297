package com.compozy.monitoring.it.perf;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
 * Throughput of a trivial JAX-RS endpoint in one Liberty, deployed three times: monitoring on,
 * monitoring off, and monitoring off with a pass-through servlet filter (what the runtime's filter
 * chain costs by itself). Rounds alternate and change order each time, so that all three see the
 * same machine; each "on" and "pass-through" round is compared with the "off" round next to it.
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

  /** One wrk run: requests per second, and the server's CPU microseconds per request if known. */
  record Run(double requestsPerSecond, double cpuMicrosPerRequest) {}

  @Test
  void monitoringOnVersusOff() throws Exception {
    Optional<ProcessHandle> server = libertyProcess();
    List<URL> apps = List.of(on, off, passThrough);
    for (int round = 0; round < WARMUP_ROUNDS; round++) { // until all three are compiled hot
      for (URL app : apps) {
        wrk(app, server);
      }
    }
    List<Run[]> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Run[] runs = new Run[3];
      for (int i = 0; i < 3; i++) {
        int app = (round + i) % 3; // rotate which one goes first
        runs[app] = wrk(apps.get(app), server);
      }
      rounds.add(runs);
      System.out.printf("round %2d  on %8.0f/s %6.1f µs  off %8.0f/s %6.1f µs  pass-through %8.0f/s %6.1f µs%n",
          round + 1, runs[0].requestsPerSecond, runs[0].cpuMicrosPerRequest, runs[1].requestsPerSecond,
          runs[1].cpuMicrosPerRequest, runs[2].requestsPerSecond, runs[2].cpuMicrosPerRequest);
    }
    report("monitoring on vs off", rounds, 0);
    report("pass-through filter vs off", rounds, 2);
    assertThat(Http.get(on, "metrics").body()).contains("compozy_http_requests_total{http_method=\"GET\","
        + "http_route=\"/api/ping/{id}\",http_status_code=\"200\"}");
  }

  private static void report(String what, List<Run[]> rounds, int app) {
    System.out.printf("%s: throughput %s; server CPU per request %s%n", what,
        change(rounds, app, Run::requestsPerSecond), change(rounds, app, Run::cpuMicrosPerRequest));
  }

  /** The paired change against "off": mean ± two standard errors, and the median. */
  private static String change(List<Run[]> rounds, int app, ToDoubleFunction<Run> value) {
    double[] changes = rounds.stream()
        .mapToDouble(runs -> (value.applyAsDouble(runs[app]) / value.applyAsDouble(runs[1]) - 1) * 100)
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
    double requests = Double.parseDouble(count.group(1));
    return new Run(Double.parseDouble(rate.group(1)), cpuUsed.toNanos() / 1e3 / requests);
  }

  private static Duration cpu(Optional<ProcessHandle> server) {
    return server.flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  /** The managed Liberty started by Arquillian, to read its CPU time; empty if not found. */
  private static Optional<ProcessHandle> libertyProcess() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains("monitoring-it"))
            .orElse(false))
        .findFirst();
  }
}
