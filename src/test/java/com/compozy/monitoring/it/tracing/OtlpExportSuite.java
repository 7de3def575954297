package com.compozy.monitoring.it.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.it.app.ClicksResource;
import com.compozy.monitoring.it.app.TestApplication;
import com.compozy.monitoring.testing.OtlpReceiver;
import com.compozy.monitoring.testing.OtlpReceiver.ResourceSpans;
import com.compozy.monitoring.testing.Scrape;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.net.URL;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tracing switched on through MicroProfile Config alone, with OpenTelemetry's own {@code otel.*}
 * keys in the WAR's {@code microprofile-config.properties}, exporting to a test collector; run
 * unchanged on every runtime. The last test takes the collector away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class OtlpExportSuite {
  protected abstract URL app();

  /**
   * The runtime's own collector, started before its deployment is built (its port goes into the
   * WAR's configuration): one per subclass, since a run may hold several in one JVM.
   */
  protected abstract OtlpReceiver collector();

  public static WebArchive otlpWar(OtlpReceiver collector) {
    return Deployments.war("otlp", Deployments.config(
            "monitoring.enabled", "true",
            "monitoring.tracing.enabled", "true",
            "otel.exporter.otlp.endpoint", collector.endpoint(),
            "otel.exporter.otlp.timeout", "2000",
            "otel.bsp.schedule.delay", "100",
            "otel.metrics.exporter", "otlp",
            "otel.metric.export.interval", "500",
            "otel.service.name", "otlp-it",
            "otel.resource.attributes", "deployment.environment.name=it"),
        TestApplication.class, ClicksResource.class, OtlpResource.class);
  }

  @Test
  @Order(1)
  void aSpanOfTheInjectedTracerReachesTheCollectorWithTheConfiguredResource() {
    String traceId = Http.send(app(), "POST", "otlp/span/it-work").body();

    assertThat(traceId).hasSize(32);
    ResourceSpans received = await().atMost(Duration.ofSeconds(30)).until(() -> collector().spans().stream()
        .filter(span -> HexFormat.of().formatHex(span.span().getTraceId().toByteArray()).equals(traceId))
        .findFirst(), Optional::isPresent).orElseThrow();
    System.out.println("spans received: " + collector().spans().stream()
        .map(s -> s.span().getName() + " " + HexFormat.of().formatHex(s.span().getTraceId().toByteArray())).toList());
    assertThat(received.span().getName()).isEqualTo("it-work");
    assertThat(received.attribute("it.case")).hasValue("it-work");
    assertThat(received.scope()).isEqualTo("compozy");
    assertThat(received.resourceAttribute("service.name")).hasValue("otlp-it");
    assertThat(received.resourceAttribute("deployment.environment.name")).hasValue("it");
    assertThat(readiness()).startsWith("UP\n").contains("tracing=true").doesNotContain("lastExportFailure");
  }

  @Test
  @Order(2)
  void pushedMetricsCarryTheScrapedNameAttributesAndValue() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send(app(), "POST", "clicks/otlp-blue").statusCode()).isEqualTo(200);
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> pushedClicks("otlp-blue"), value -> value.equals(Optional.of(3L)));
    assertThat(Scrape.parse(Http.get(app(), "metrics").body()).value("compozy_it_clicks_total", "button", "otlp-blue"))
        .isEqualTo(3);
    assertThat(collector().lastMetricsResource().orElseThrow().getAttributesList())
        .anySatisfy(kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue()).isEqualTo("service.name=otlp-it"));
  }

  @Test
  @Order(3)
  void withTheCollectorGoneRequestsAreServedAndReadinessReportsTheFailedExport() {
    collector().close(); // its port now refuses connections

    assertThat(Http.send(app(), "POST", "clicks/after-collector").statusCode()).isEqualTo(200);
    assertThat(Http.send(app(), "POST", "otlp/span/after-collector").body()).hasSize(32);

    await().atMost(Duration.ofSeconds(60)).until(this::readiness, data -> data.contains("lastExportFailure="));
    String readiness = readiness();
    assertThat(readiness).startsWith("UP\n").contains("tracing=true")
        .containsPattern("lastExportFailureSignal=(spans|metrics)");
    assertThat(Scrape.parse(Http.get(app(), "metrics").body()).value("compozy_it_clicks_total", "button", "after-collector"))
        .isEqualTo(1);
  }

  private String readiness() {
    return Http.get(app(), "otlp/readiness").body();
  }

  private Optional<Long> pushedClicks(String button) {
    return collector().lastMetric("compozy_it_clicks").flatMap(metric -> metric.getSum().getDataPointsList().stream()
        .filter(point -> point.getAttributesList().stream().anyMatch(
            kv -> kv.getKey().equals("button") && kv.getValue().getStringValue().equals(button)))
        .map(NumberDataPoint::getAsInt).findFirst());
  }
}
