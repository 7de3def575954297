package com.compozy.monitoring.it.perf;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application's latency while its scrape endpoint is stormed: wrk on a trivial JAX-RS endpoint
 * alone, then the same while a second wrk keeps {@value #SCRAPERS} concurrent connections scraping
 * {@code /metrics} (each scrape that arrives during a collection waits for it and shares it, see
 * {@code SharedScrapeRegistry}). Rounds alternate; it prints the application's p99 and throughput in
 * each round and the medians. A measurement, not a test: it asserts nothing about speed.
 *
 * <p>Run: {@code mvn verify -DskipUTs -DskipPayaraITs -DskipTelemetryITs -Dit.test=LibertyScrapeStormBench}
 * (needs Debian's {@code wrk}; {@code -Dwrk.rounds=6 -Dwrk.duration=5s} are the defaults).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibertyScrapeStormBench {
  private static final int ROUNDS = Integer.getInteger("wrk.rounds", 6);
  private static final int DURATION_SECONDS =
      Integer.parseInt(System.getProperty("wrk.duration", "5s").replace("s", ""));
  private static final int WARMUP_ROUNDS = 2;
  private static final int SCRAPERS = 32;
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)\\b");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  @ArquillianResource URL app;

  @Deployment(testable = false)
  static WebArchive storm() {
    return Deployments.war("storm", Deployments.config("monitoring.enabled", "true"),
        PingApplication.class, PingApplication.Ping.class);
  }

  /** One wrk run: requests per second, p99 latency in ms, and answers that were errors or none. */
  record Run(double requestsPerSecond, double p99Millis, long failed) {}

  @Test
  void applicationLatencyUnderAScrapeStorm() throws Exception {
    List<Run> alone = new ArrayList<>();
    List<Run> stormed = new ArrayList<>();
    List<Run> scrapes = new ArrayList<>();
    for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      Run quiet = ping();
      CompletableFuture<Run> storm = CompletableFuture.supplyAsync(() -> wrkUnchecked(
          "-t1", "-c" + SCRAPERS, "-d" + (DURATION_SECONDS + 1) + "s", "--latency",
          Http.resolve(app, "metrics").toString()));
      Run loud = ping();
      Run scraping = storm.join();
      if (round >= WARMUP_ROUNDS) {
        alone.add(quiet);
        stormed.add(loud);
        scrapes.add(scraping);
      }
      System.out.printf("round %2d%s  alone %7.0f/s p99 %6.2f ms  with storm %7.0f/s p99 %6.2f ms"
              + "  scrapes %6.0f/s p99 %6.2f ms  failed: %d alone, %d with storm, %d scrapes%n",
          round + 1, round < WARMUP_ROUNDS ? " (warm-up)" : "",
          quiet.requestsPerSecond, quiet.p99Millis, loud.requestsPerSecond, loud.p99Millis,
          scraping.requestsPerSecond, scraping.p99Millis, quiet.failed, loud.failed, scraping.failed);
    }
    System.out.printf("median: alone %.0f/s p99 %.2f ms; with %d scrapers %.0f/s p99 %.2f ms;"
            + " scrapes %.0f/s p99 %.2f ms%n",
        median(alone, Run::requestsPerSecond), median(alone, Run::p99Millis), SCRAPERS,
        median(stormed, Run::requestsPerSecond), median(stormed, Run::p99Millis),
        median(scrapes, Run::requestsPerSecond), median(scrapes, Run::p99Millis));
    String exposition = Http.get(app, "metrics").body();
    System.out.printf("one scrape: %d bytes, %d lines%n", exposition.length(), exposition.lines().count());
    assertThat(exposition).contains("compozy_http_requests_total{http_method=\"GET\","
        + "http_route=\"/api/ping/{id}\",http_status_code=\"200\"}");
  }

  private Run ping() throws IOException, InterruptedException {
    return wrk("-t1", "-c8", "-d" + DURATION_SECONDS + "s", "--latency",
        Http.resolve(app, "api/ping/1").toString());
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static Run wrkUnchecked(String... args) {
    try {
      return wrk(args);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Run wrk(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk"));
    command.addAll(List.of(args));
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wrk.waitFor()).as(output).isZero();
    Matcher rate = RATE.matcher(output);
    Matcher p99 = P99.matcher(output);
    assertThat(rate.find() && p99.find()).as(output).isTrue();
    double value = Double.parseDouble(p99.group(1));
    double millis = switch (p99.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
    long failed = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      failed += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        failed += Long.parseLong(socket.group(i));
      }
    }
    return new Run(Double.parseDouble(rate.group(1)), millis, failed);
  }
}
