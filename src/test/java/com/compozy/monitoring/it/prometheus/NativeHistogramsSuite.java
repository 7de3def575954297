package com.compozy.monitoring.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.testing.ProtobufScrape;
import com.compozy.monitoring.testing.Scrape;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code monitoring.histograms.native=true} scraped by Debian's Prometheus 2.42 with native
 * histograms on, which asks for protobuf first, and, as a second job, by the text format
 * ({@code ?debug=text}). Run unchanged on every runtime.
 */
public abstract class NativeHistogramsSuite {
  private static final String DURATION = "compozy_http_request_duration_seconds";
  private static PrometheusServer prometheus;

  protected abstract URL app();

  public static WebArchive nativeWar() {
    return Deployments.war("native", Deployments.config("monitoring.enabled", "true",
        "monitoring.histograms.native", "true"), TestApplication.class, ClicksResource.class);
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
      prometheus = null;
    }
  }

  /**
   * What Prometheus 2.42 stores from a protobuf scrape: a histogram with native data as one native
   * sample (its classic buckets are then ignored), every other sample as the text format has it.
   */
  private static long expectedProtobufSamples(Scrape text, ProtobufScrape protobuf) {
    long samples = text.samples().size();
    for (Metrics.MetricFamily family : protobuf.families()) {
      for (Metrics.Metric metric : family.getMetricList()) {
        Metrics.Histogram histogram = metric.getHistogram();
        boolean isNative = family.getType() == Metrics.MetricType.HISTOGRAM && (histogram.getPositiveSpanCount() > 0
            || histogram.getNegativeSpanCount() > 0 || histogram.getZeroCount() > 0 || histogram.getZeroThreshold() > 0);
        if (isNative) {
          boolean infinite = histogram.getBucketList().stream().anyMatch(b -> b.getUpperBound() == Double.POSITIVE_INFINITY);
          samples -= histogram.getBucketCount() + (infinite ? 0 : 1) + 2 - 1;
        }
      }
    }
    return samples;
  }

  @Test
  void prometheusWithNativeHistogramsGetsEverySeriesAndQuantilesWork() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(Http.get(app(), "clicks/state").statusCode()).isEqualTo(200);
    }
    String path = app().getPath() + (app().getPath().endsWith("/") ? "" : "/") + "metrics";
    prometheus = PrometheusServer.start("scrape_configs:\n"
        + PrometheusServer.job("proto", app(), path, "")
        + PrometheusServer.job("text", app(), path, "    params:\n      debug: [text]\n"),
        "--enable-feature=native-histograms");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(prometheus.value("up{job=\"proto\"}")).isEqualTo(1);
      assertThat(prometheus.value("up{job=\"text\"}")).isEqualTo(1);
    });

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      Scrape text = Scrape.parse(Http.get(app(), "metrics").body());
      ProtobufScrape protobuf = ProtobufScrape.parse(
          Http.getBytes(app(), "metrics", "Accept", ProtobufScrape.ACCEPT).body(), false);
      assertThat(prometheus.value("scrape_samples_scraped{job=\"text\"}")).as(prometheus.log())
          .isEqualTo(text.samples().size());
      assertThat(prometheus.value("scrape_samples_scraped{job=\"proto\"}"))
          .isEqualTo(expectedProtobufSamples(text, protobuf));
      // the same series either way, histograms aside (native in one job, buckets in the other)
      assertThat(prometheus.value("count({job=\"proto\",__name__!~\"compozy_http_request_duration_seconds.*|"
          + "compozy_http_re(quest|sponse)_size_bytes.*|jvm_.*_seconds.*|scrape_.*|up\"})"))
          .isEqualTo(prometheus.value("count({job=\"text\",__name__!~\"compozy_http_request_duration_seconds.*|"
              + "compozy_http_re(quest|sponse)_size_bytes.*|jvm_.*_seconds.*|scrape_.*|up\"})"));
    });

    assertThat(prometheus.query("count(" + DURATION + "_bucket{job=\"proto\"})")).isEmpty();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      for (int i = 0; i < 5; i++) {
        Http.get(app(), "clicks/state");
      }
      double nativeMedian = prometheus.value(
          "histogram_quantile(0.5, sum(rate(" + DURATION + "{job=\"proto\",http_route=\"/clicks/state\"}[20s])))");
      double classicMedian = prometheus.value("histogram_quantile(0.5, sum by (le) (rate(" + DURATION
          + "_bucket{job=\"text\",http_route=\"/clicks/state\"}[20s])))");
      assertThat(nativeMedian).isPositive().isLessThan(10);
      assertThat(classicMedian).isPositive().isLessThan(10);
      assertThat(prometheus.value("histogram_count(sum(" + DURATION + "{job=\"proto\",http_route=\"/clicks/state\"}))"))
          .isGreaterThanOrEqualTo(20);
    });
  }
}
