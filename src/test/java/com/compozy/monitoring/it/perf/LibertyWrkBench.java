package com.compozy.monitoring.it.perf;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * Throughput of a trivial JAX-RS endpoint with monitoring on and off, in one Liberty, alternating so
 * that both see the same machine. A measurement, not a test: it prints and asserts nothing about
 * speed. Run: {@code mvn verify -Dit.test=LibertyWrkBench} (needs Debian's {@code wrk}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyWrkBench {
  private static final int ROUNDS = Integer.getInteger("wrk.rounds", 5);
  private static final String DURATION = System.getProperty("wrk.duration", "10s");

  @ArquillianResource
  @OperateOnDeployment("on")
  URL on;

  @ArquillianResource
  @OperateOnDeployment("off")
  URL off;

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

  @Test
  void monitoringOnVersusOff() throws Exception {
    List<Double> withMonitoring = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    for (int warmup = 0; warmup < 2; warmup++) { // until both are compiled hot
      wrk(on, DURATION);
      wrk(off, DURATION);
    }
    for (int round = 0; round < ROUNDS; round++) {
      withMonitoring.add(wrk(on, DURATION));
      without.add(wrk(off, DURATION));
    }
    double onMean = withMonitoring.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double offMean = without.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    System.out.printf("wrk requests/s, monitoring on: %s mean %.0f%n", withMonitoring, onMean);
    System.out.printf("wrk requests/s, monitoring off: %s mean %.0f%n", without, offMean);
    System.out.printf("throughput change with monitoring: %+.1f%% (means), %+.1f%% (medians)%n",
        (onMean / offMean - 1) * 100, (median(withMonitoring) / median(without) - 1) * 100);
    assertThat(Http.get(on, "metrics").body()).contains("compozy_http_requests_total{http_method=\"GET\","
        + "http_route=\"/api/ping/{id}\",http_status_code=\"200\"}");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static double wrk(URL app, String duration) throws IOException, InterruptedException {
    Process wrk = new ProcessBuilder("wrk", "-t1", "-c8", "-d" + duration, Http.resolve(app, "api/ping/1").toString())
        .redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wrk.waitFor()).as(output).isZero();
    Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
    assertThat(rate.find()).as(output).isTrue();
    return Double.parseDouble(rate.group(1));
  }
}
