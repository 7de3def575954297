package com.compozy.monitoring.it.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.compozy.monitoring.it.Deployments;
import com.compozy.monitoring.it.Http;
import com.compozy.monitoring.testing.Scrape;
import com.compozy.monitoring.testing.Scrape.Sample;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What users expect of HTTP metrics, run unchanged on every runtime. Each test reads the scrape
 * before and after what it sends and asserts exact differences, so tests share one deployment.
 */
public abstract class HttpConformanceSuite {
  static final String REQUESTS = "compozy_http_requests_total";
  static final String DURATION = "compozy_http_request_duration_seconds";
  static final String REQUEST_SIZE = "compozy_http_request_size_bytes";
  static final String RESPONSE_SIZE = "compozy_http_response_size_bytes";
  static final String IN_FLIGHT = "compozy_http_requests_in_flight";

  /**
   * The WAR under test: one JAX-RS application at {@code /api} found by scanning, with probes
   * excluded, one at {@code /listed} that lists its classes and registers the filter twice, and one
   * without {@code @ApplicationPath} that {@code web.xml} maps to {@code /mapped/*}; two plain
   * servlets, one that throws (its error page is a JAX-RS resource) and one that forwards.
   */
  protected abstract URL app();

  /** The application's own {@code web.xml}: an error page and a servlet mapping, nothing of the library's. */
  private static final String WEB_XML = """
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
        <servlet><servlet-name>%1$s</servlet-name></servlet>
        <servlet-mapping><servlet-name>%1$s</servlet-name><url-pattern>/mapped/*</url-pattern></servlet-mapping>
        <error-page><exception-type>%2$s</exception-type><location>/api/errors</location></error-page>
      </web-app>
      """.formatted(MappedApplication.class.getName(), ServletFailure.class.getName());

  public static WebArchive conformanceWar() {
    return conformanceWar("compozy");
  }

  /** The WAR recording with {@code monitoring.http.conventions=conventions}. */
  public static WebArchive conformanceWar(String conventions) {
    return Deployments.war(conventions.equals("compozy") ? "conformance" : "conformance-" + conventions,
        Deployments.config("monitoring.enabled", "true", "monitoring.http.exclude", "/api/probe, /api/probe/deep/*",
            "monitoring.http.conventions", conventions),
        ConformanceApplication.class, UsersResource.class, ConflictException.class, ConflictMapper.class,
        OrdersApi.class, OrdersResource.class, CatalogBase.class, ProductsResource.class,
        CustomersResource.class, CustomersResource.Addresses.class, PlacesResource.class, AsyncResource.class,
        ProbeResource.class, ListingApplication.class, ErrorPageResource.class, ServletFailure.class,
        ThrowingServlet.class, ForwardingServlet.class, MappedApplication.class)
        .setWebXML(new StringAsset(WEB_XML));
  }

  /** Every route shape: path parameter, regex, interface, superclass, locators, async; path to route. */
  private static final Map<String, String> SHAPES = Map.of(
      "api/users/1", "/api/users/{id}",
      "api/users/numbers/42", "/api/users/numbers/{n}",
      "api/orders/o-1/lines/2", "/api/orders/{orderId}/lines/{line}",
      "api/products/sku-9", "/api/products/{sku}",
      "api/customers/c1/addresses/a1", "/api/customers/{customerId}/addresses/{addressId}",
      "api/places/p1", "/api/places/{placeId}",
      "api/customers/c1/places/p1", "/api/customers/{customerId}/places/{placeId}",
      "api/async/suspended", "/api/async/suspended",
      "listed/users/7", "/listed/users/{id}");

  /**
   * The deployment's {@code monitoring.http.conventions}. With {@code both}, after each test every
   * exchange's semantic-convention count must equal its compozy count. With {@code otel} the suite
   * reads the semantic-convention series as if they had the compozy names (see {@link #scrape()}).
   */
  protected String conventions() {
    return "compozy";
  }

  private boolean otelOnly() {
    return conventions().equals("otel");
  }

  /**
   * With both conventions, the suite's exact compozy counts hold for the semantic-convention series
   * too: per method, route (none for {@code unmatched}) and status, summed over scheme, protocol and
   * error type, the duration's count equals {@code compozy_http_requests_total}, and no exchange is
   * in one set only. Awaited, since a request's two records may straddle a scrape.
   */
  @org.junit.jupiter.api.AfterEach
  void bothConventionsAgree() {
    if (!conventions().equals("both")) {
      return;
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Scrape scrape = scrape();
      Map<Map<String, String>, Double> otel = new java.util.HashMap<>();
      for (Sample sample : scrape.samples("http_server_request_duration_seconds_count")) {
        Map<String, String> labels = sample.labels();
        otel.merge(exchange(labels.get("http_request_method"), labels.getOrDefault("http_route", "unmatched"),
            Integer.parseInt(labels.get("http_response_status_code"))), sample.value(), Double::sum);
      }
      Map<Map<String, String>, Double> compozy = new java.util.HashMap<>();
      for (Sample sample : scrape.samples(REQUESTS)) {
        compozy.put(sample.labels(), sample.value());
      }
      assertThat(otel).isEqualTo(compozy);
    });
  }

  /**
   * The application's scrape. With {@code otel}, the semantic-convention series are added under the
   * compozy names, summed over the labels the compozy series do not have ({@code url_scheme},
   * {@code network_protocol_version}, {@code error_type}): the request count is the duration's
   * count, a series without {@code http_route} is {@code unmatched}, and in-flight is
   * {@code http.server.active_requests}, which has no route (see {@link #inFlight}).
   */
  private Scrape scrape() {
    HttpResponse<String> response = Http.get(app(), "metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    Scrape scrape = Scrape.parse(response.body());
    return otelOnly() ? asCompozy(scrape) : scrape;
  }

  private static Scrape asCompozy(Scrape otel) {
    Map<String, Map<Map<String, String>, Double>> derived = new LinkedHashMap<>();
    Map<String, String> names = Map.of(
        "http_server_request_duration_seconds", DURATION,
        "http_server_request_body_size_bytes", REQUEST_SIZE,
        "http_server_response_body_size_bytes", RESPONSE_SIZE);
    names.forEach((from, to) -> {
      for (String suffix : List.of("_bucket", "_count", "_sum")) {
        for (Sample sample : otel.samples(from + suffix)) {
          Map<String, String> labels = new TreeMap<>(exchange(sample.labels().get("http_request_method"),
              sample.labels().getOrDefault("http_route", "unmatched"),
              Integer.parseInt(sample.labels().get("http_response_status_code"))));
          if (sample.labels().containsKey("le")) {
            labels.put("le", sample.labels().get("le"));
          }
          derived.computeIfAbsent(to + suffix, name -> new LinkedHashMap<>()).merge(labels, sample.value(), Double::sum);
          if (to.equals(DURATION) && suffix.equals("_count")) {
            derived.computeIfAbsent(REQUESTS, name -> new LinkedHashMap<>()).merge(labels, sample.value(), Double::sum);
          }
        }
      }
    });
    for (Sample sample : otel.samples("http_server_active_requests")) {
      derived.computeIfAbsent(IN_FLIGHT, name -> new LinkedHashMap<>())
          .merge(Map.of("http_method", sample.labels().get("http_request_method")), sample.value(), Double::sum);
    }
    List<Sample> samples = new ArrayList<>();
    derived.forEach((name, series) -> series.forEach((labels, value) -> samples.add(new Sample(name, labels, value))));
    return otel.with(samples);
  }

  /** The labels of one request series. */
  private static Map<String, String> exchange(String method, String route, int status) {
    return Map.of("http_method", method, "http_route", route, "http_status_code", String.valueOf(status));
  }

  /** How much {@code sample} of the exchange grew; the series must exist after. */
  private static double delta(Scrape before, Scrape after, String sample, String method, String route, int status) {
    return Scrape.increase(before, after, sample, exchange(method, route, status));
  }

  /**
   * The in-flight gauge of a route; fails when the series is missing. With {@code otel}, the
   * method's in-flight requests on every route: the tests send nothing else in the meantime.
   */
  private double inFlight(Scrape scrape, String method, String route) {
    return otelOnly() ? scrape.value(IN_FLIGHT, "http_method", method)
        : scrape.value(IN_FLIGHT, "http_method", method, "http_route", route);
  }

  private boolean hasInFlight(Scrape scrape, String method, String route) {
    return otelOnly() ? scrape.has(IN_FLIGHT, "http_method", method)
        : scrape.has(IN_FLIGHT, "http_method", method, "http_route", route);
  }

  private static boolean isExchange(Sample sample, String method, String route, int status) {
    Map<String, String> labels = sample.labels();
    return method.equals(labels.get("http_method")) && route.equals(labels.get("http_route"))
        && String.valueOf(status).equals(labels.get("http_status_code"));
  }

  private static List<String> series(Scrape scrape) {
    return scrape.samples().stream().map(Sample::series).toList();
  }

  private int status(String method, String path) {
    return Http.send(app(), method, path).statusCode();
  }

  @Test
  void recordsEveryInstrumentWithExactlyTheOriginalsLabels() {
    Scrape before = scrape();
    assertThat(status("GET", "api/users/first")).isEqualTo(200);
    Scrape after = scrape();

    String route = "/api/users/{id}";
    assertThat(delta(before, after, REQUESTS, "GET", route, 200)).isEqualTo(1);
    assertThat(delta(before, after, DURATION + "_count", "GET", route, 200)).isEqualTo(1);
    assertThat(delta(before, after, REQUEST_SIZE + "_count", "GET", route, 200)).isEqualTo(1);
    assertThat(delta(before, after, RESPONSE_SIZE + "_count", "GET", route, 200)).isEqualTo(1);
    assertThat(delta(before, after, RESPONSE_SIZE + "_sum", "GET", route, 200)).isEqualTo("user first".length());
    assertThat(inFlight(after, "GET", route)).isZero();
    assertThat(after.samples(DURATION + "_bucket").stream().filter(s -> isExchange(s, "GET", route, 200))
        .map(s -> s.labels().get("le")))
        .containsExactly(otelOnly() // the semantic conventions' advised buckets
            ? new String[] {"0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0",
                "7.5", "10.0", "+Inf"}
            : new String[] {"0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
                "+Inf"});
    assertThat(after.samples(REQUEST_SIZE + "_bucket").stream().filter(s -> isExchange(s, "GET", route, 200))
        .map(s -> s.labels().get("le")))
        .containsExactly("100.0", "1000.0", "10000.0", "100000.0", "1000000.0", "1.0E7", "1.0E8", "+Inf");
  }

  @Test
  void labelsTheTemplateNeverTheRawPath() {
    Scrape before = scrape();
    for (String id : List.of("1", "2", "alice")) {
      assertThat(status("GET", "api/users/" + id + "?secret=" + id)).isEqualTo(200);
    }
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/users/{id}", 200)).isEqualTo(3);
    assertThat(series(after)).noneMatch(k -> k.contains("alice") || k.contains("secret"));
  }

  @Test
  void countsEachMethodAndStatus() {
    Scrape before = scrape();
    HttpResponse<String> created = Http.post(app(), "api/users", "x".repeat(1234));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(status("HEAD", "api/users/7")).isEqualTo(200);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "POST", "/api/users", 201)).isEqualTo(1);
    assertThat(delta(before, after, REQUEST_SIZE + "_sum", "POST", "/api/users", 201)).isEqualTo(1234);
    assertThat(delta(before, after, REQUESTS, "HEAD", "/api/users/{id}", 200)).isEqualTo(1);
  }

  @Test
  void rendersRegexParametersAsTheirName() {
    Scrape before = scrape();
    assertThat(status("GET", "api/users/numbers/42")).isEqualTo(200);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/users/numbers/{n}", 200)).isEqualTo(1);
  }

  @Test
  void findsTemplatesOnInterfacesSuperclassesAndSubResourceLocators() {
    Scrape before = scrape();
    assertThat(status("GET", "api/orders/o-1/lines/2")).isEqualTo(200);
    assertThat(status("GET", "api/products/sku-9")).isEqualTo(200);
    assertThat(status("GET", "api/customers/c1/addresses/a1")).isEqualTo(200);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/orders/{orderId}/lines/{line}", 200))
        .as("%s", after.samples(REQUESTS)).isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, "GET", "/api/products/{sku}", 200)).isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, "GET", "/api/customers/{customerId}/addresses/{addressId}", 200))
        .isEqualTo(1);
  }

  @Test
  void aRootResourceThatALocatorAlsoReturnsIsLabelledByTheWayIn() {
    Scrape before = scrape();
    assertThat(Http.get(app(), "api/places/p1").body()).isEqualTo("place p1");
    assertThat(Http.get(app(), "api/customers/c1/places/p2").body()).isEqualTo("place p2");
    assertThat(Http.get(app(), "api/places/p3").body()).isEqualTo("place p3");
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/places/{placeId}", 200)).isEqualTo(2);
    assertThat(delta(before, after, REQUESTS, "GET", "/api/customers/{customerId}/places/{placeId}", 200))
        .as("%s", after.samples(REQUESTS)).isEqualTo(1);
    assertThat(increased(before, after)).containsOnlyKeys(exchange("GET", "/api/places/{placeId}", 200),
        exchange("GET", "/api/customers/{customerId}/places/{placeId}", 200));
  }

  /**
   * An automatic HEAD runs the GET method, so it has the GET's route. An automatic OPTIONS runs no
   * method of the application's: the runtime answers it alone, like a 404 or 405, so it is
   * {@code unmatched} (Open Liberty matches no method for it; Payara's Jersey matches a handler of
   * its own, which has no template: labelling it with the path would be a template no resource has).
   */
  @Test
  void automaticHeadHasTheGetRouteAndAutomaticOptionsIsUnmatchedOnEveryRouteShape() {
    Scrape before = scrape();
    for (String path : SHAPES.keySet()) {
      assertThat(status("HEAD", path)).as("HEAD %s", path).isEqualTo(200);
      assertThat(status("OPTIONS", path)).as("OPTIONS %s", path).isEqualTo(200);
    }
    Scrape after = scrape();

    Map<Map<String, String>, Double> expected = new java.util.HashMap<>();
    SHAPES.values().forEach(route -> expected.put(exchange("HEAD", route, 200), 1.0));
    expected.put(exchange("OPTIONS", "unmatched", 200), (double) SHAPES.size());
    assertThat(increased(before, after)).isEqualTo(expected);
    for (String route : SHAPES.values()) {
      assertThat(inFlight(after, "HEAD", route)).as(route).isZero();
    }
    assertThat(after.labelValues(REQUESTS, "http_route")).doesNotContain("/api", "/listed", "/");
  }

  @Test
  void anErrorPageDispatchedIntoJaxrsAfterAServletThrewLeavesNothingInFlight() {
    assertThat(status("GET", "api/errors")).isEqualTo(500); // the page asked for directly: counted
    Scrape before = scrape();
    HttpResponse<String> failed = Http.get(app(), "servlet/throws");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).contains(ErrorPageResource.BODY);
    assertThat(status("GET", "api/errors")).isEqualTo(500);
    Scrape after = scrape();

    // the servlet's request is not JAX-RS's: only the direct request to the page counts
    assertThat(increased(before, after)).isEqualTo(Map.of(exchange("GET", "/api/errors", 500), 1.0));
    assertThat(inFlight(after, "GET", "/api/errors")).isZero();
  }

  @Test
  void aForwardedFirstRequestDoesNotFixTheApplicationPath() {
    // the first request of the application mapped by web.xml only: no other test sends to it
    assertThat(Http.get(app(), "forward/9").body()).isEqualTo("user 9");
    assertThat(Http.get(app(), "mapped/users/10").body()).isEqualTo("user 10");
    Scrape after = scrape();

    assertThat(after.value(REQUESTS, exchange("GET", "/mapped/users/{id}", 200))).as("%s", after.samples(REQUESTS))
        .isEqualTo(2);
    assertThat(after.labelValues(REQUESTS, "http_route")).noneMatch(route -> route.startsWith("/forward")
        || route.equals("/users/{id}"));
  }

  @Test
  void asyncTimeoutsAreCountedWithTheRuntimesAnswerAndLeaveNothingInFlight() {
    Scrape before = scrape();
    assertThat(status("GET", "api/async/timeout")).isEqualTo(503);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/async/timeout", 503)).isEqualTo(1);
    assertThat(inFlight(after, "GET", "/api/async/timeout")).isZero();
  }

  @Test
  void clientsThatAbortAsyncRequestsLeaveNothingInFlight() throws Exception {
    String held = "/api/async/held";
    String timeout = "/api/async/timeout";
    Scrape before = scrape();
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(rawGet("api/async/held"));
        clients.add(rawGet("api/async/timeout"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        Scrape during = scrape();
        // with otel, the timeouts' requests are GETs in flight too, until they time out
        return hasInFlight(during, "GET", held) && (otelOnly() ? inFlight(during, "GET", held) >= 3
            : inFlight(during, "GET", held) == 3);
      });
    } finally {
      for (Socket client : clients) {
        client.setSoLinger(true, 0); // reset: the client is gone, not just done sending
        client.close();
      }
    }
    assertThat(Http.post(app(), "api/async/held/release", "").body()).isEqualTo("3");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Scrape after = scrape();
      assertThat(inFlight(after, "GET", held)).isZero();
      assertThat(inFlight(after, "GET", timeout)).isZero();
    });
    Scrape after = scrape();
    Map<Map<String, String>, Double> increased = increased(before, after);
    assertThat(increased.entrySet().stream().filter(e -> e.getKey().get("http_route").equals(held))
        .mapToDouble(Map.Entry::getValue).sum()).as("%s", increased).isEqualTo(3);
    assertThat(increased.entrySet().stream().filter(e -> e.getKey().get("http_route").equals(timeout))
        .mapToDouble(Map.Entry::getValue).sum()).as("%s", increased).isEqualTo(3);
    assertThat(increased.keySet()).as("%s", increased).allMatch(labels ->
        labels.get("http_route").equals(held) || labels.get("http_route").equals(timeout)
            || labels.equals(exchange("POST", "/api/async/held/release", 200)));
  }

  /** Sends a GET on a connection of its own and does not read the answer. */
  private Socket rawGet(String path) throws Exception {
    URL base = app();
    Socket socket = new Socket(base.getHost(), base.getPort());
    String target = Http.resolve(base, path).getRawPath();
    socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Every request series that grew, with how much. */
  private static Map<Map<String, String>, Double> increased(Scrape before, Scrape after) {
    Map<Map<String, String>, Double> increased = new java.util.HashMap<>();
    for (Sample sample : after.samples(REQUESTS)) {
      double increase = Scrape.increase(before, after, REQUESTS, sample.labels());
      if (increase > 0) {
        increased.put(sample.labels(), increase);
      }
    }
    return increased;
  }

  @Test
  void requestsMatchingNoResourceShareOneConstantRoute() {
    Scrape before = scrape();
    assertThat(status("GET", "api/nope")).isEqualTo(404);
    assertThat(status("GET", "api/nope/")).isEqualTo(404);
    assertThat(status("GET", "api/users/1/x/y?q=1")).isEqualTo(404);
    assertThat(status("GET", "api/users/numbers/abc")).isEqualTo(404);
    assertThat(status("DELETE", "api/users/1")).isEqualTo(405);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "unmatched", 404)).isEqualTo(4);
    assertThat(delta(before, after, REQUESTS, "DELETE", "unmatched", 405)).isEqualTo(1);
    assertThat(delta(before, after, DURATION + "_count", "GET", "unmatched", 404)).isEqualTo(4);
  }

  @Test
  void methodsOutsideTheStandardNineAreOther() {
    Scrape before = scrape();
    int purge = status("PURGE", "api/users/1");
    int lower = status("get", "api/users/1");
    Scrape after = scrape();

    // a lowercase method is either taken as GET by the server (Liberty sometimes does) or _OTHER;
    // either way each request is counted once and never under its raw name
    Map<Map<String, String>, Double> increased = new java.util.HashMap<>();
    for (Sample sample : after.samples(REQUESTS)) {
      double increase = Scrape.increase(before, after, REQUESTS, sample.labels());
      if (increase > 0) {
        increased.put(sample.labels(), increase);
      }
    }
    assertThat(increased.values().stream().mapToDouble(Double::doubleValue).sum())
        .as("PURGE %d, get %d: %s", purge, lower, increased).isEqualTo(2);
    assertThat(increased.entrySet().stream().filter(e -> "_OTHER".equals(e.getKey().get("http_method")))
        .mapToDouble(Map.Entry::getValue).sum()).as("%s", increased).isGreaterThanOrEqualTo(1);
    assertThat(increased.keySet()).as("PURGE %d, get %d", purge, lower).allMatch(labels ->
        labels.equals(exchange("_OTHER", "unmatched", purge))
            || labels.equals(exchange("_OTHER", "unmatched", lower))
            || labels.equals(exchange(lower == 200 ? "GET" : "_OTHER", "/api/users/{id}", lower)));
    assertThat(series(after)).noneMatch(k -> k.contains("PURGE") || k.contains("\"get\""));
  }

  @Test
  void exceptionsCountWithTheStatusTheClientGot() {
    Scrape before = scrape();
    assertThat(status("GET", "api/users/1/mapped")).isEqualTo(409);
    assertThat(status("GET", "api/users/1/unmapped")).isEqualTo(500);
    assertThat(status("GET", "api/users/1/gone")).isEqualTo(404);
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/api/users/{id}/mapped", 409)).isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, "GET", "/api/users/{id}/unmapped", 500)).isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, "GET", "/api/users/{id}/gone", 404)).isEqualTo(1);
    for (String route : List.of("/api/users/{id}/mapped", "/api/users/{id}/unmapped", "/api/users/{id}/gone")) {
      assertThat(inFlight(after, "GET", route)).as(route).isZero();
    }
  }

  @Test
  void asyncResponsesAreTimedUntilSent() {
    Scrape before = scrape();
    assertThat(Http.get(app(), "api/async/suspended").body()).isEqualTo("late");
    assertThat(Http.get(app(), "api/async/stage").body()).isEqualTo("staged");
    Scrape after = scrape();

    for (String route : List.of("/api/async/suspended", "/api/async/stage")) {
      assertThat(delta(before, after, REQUESTS, "GET", route, 200)).as(route).isEqualTo(1);
      assertThat(delta(before, after, DURATION + "_sum", "GET", route, 200)).as(route)
          .isGreaterThanOrEqualTo(AsyncResource.DELAY_MILLIS / 1000.0);
      assertThat(delta(before, after, RESPONSE_SIZE + "_sum", "GET", route, 200)).as(route)
          .isEqualTo(route.endsWith("stage") ? "staged".length() : "late".length());
      assertThat(inFlight(after, "GET", route)).isZero();
    }
  }

  @Test
  void streamedAndReadBodiesAreSizedByTheirBytes() {
    Scrape before = scrape();
    assertThat(Http.getBytes(app(), "api/async/stream/5000").body()).hasSize(5000);
    assertThat(Http.post(app(), "api/async/echo", "y".repeat(777)).body()).isEqualTo("777");
    Scrape after = scrape();

    assertThat(delta(before, after, RESPONSE_SIZE + "_sum", "GET", "/api/async/stream/{bytes}", 200))
        .isEqualTo(5000);
    assertThat(delta(before, after, REQUEST_SIZE + "_sum", "POST", "/api/async/echo", 200)).isEqualTo(777);
    assertThat(delta(before, after, RESPONSE_SIZE + "_sum", "POST", "/api/async/echo", 200)).isEqualTo(3);
  }

  @Test
  void inFlightCountsRequestsUntilTheyEnd() throws Exception {
    String route = "/api/async/gate";
    Scrape before = scrape();
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pending.add(client.sendAsync(HttpRequest.newBuilder(Http.resolve(app(), "api/async/gate")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Scrape during = scrape();
      return hasInFlight(during, "GET", route) && inFlight(during, "GET", route) == 3;
    });
    Http.send(app(), "POST", "api/async/gate/release");
    for (CompletableFuture<HttpResponse<String>> response : pending) {
      assertThat(response.get().body()).isEqualTo("released");
    }

    Scrape after = scrape();
    assertThat(inFlight(after, "GET", route)).isZero();
    assertThat(delta(before, after, REQUESTS, "GET", route, 200)).isEqualTo(3);
  }

  @Test
  void excludedRequestsAreNotMeasured() {
    assertThat(status("GET", "api/probe")).isEqualTo(200);
    assertThat(status("GET", "api/probe/deep/1")).isEqualTo(200);
    assertThat(status("GET", "metrics")).isEqualTo(200);

    assertThat(series(scrape())).noneMatch(k -> k.contains("probe") || k.contains("\"/metrics\""));
  }

  @Test
  void aFilterRegisteredTwiceCountsOnce() {
    Scrape before = scrape();
    assertThat(status("GET", "listed/users/7")).isEqualTo(200);
    assertThat(status("GET", "listed/users/7/mapped")).isEqualTo(500); // this application lists no mapper
    Scrape after = scrape();

    assertThat(delta(before, after, REQUESTS, "GET", "/listed/users/{id}", 200)).isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, "GET", "/listed/users/{id}/mapped", 500)).isEqualTo(1);
    assertThat(inFlight(after, "GET", "/listed/users/{id}")).isZero();
  }

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    Map<String, String> routes = Map.of(
        "api/users/c", "/api/users/{id}",
        "api/orders/o/lines/1", "/api/orders/{orderId}/lines/{line}",
        "api/products/p", "/api/products/{sku}",
        "api/customers/c/addresses/a", "/api/customers/{customerId}/addresses/{addressId}");
    List<String> paths = new ArrayList<>(routes.keySet());
    Scrape before = scrape();

    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          for (int i = 0; i < 500; i++) {
            assertThat(status("GET", paths.get((thread + i) % paths.size()))).isEqualTo(200);
          }
        }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      threads.shutdown();
    }

    Scrape after = scrape();
    for (String route : routes.values()) {
      assertThat(delta(before, after, REQUESTS, "GET", route, 200)).as(route).isEqualTo(1000);
      assertThat(delta(before, after, DURATION + "_count", "GET", route, 200)).as(route).isEqualTo(1000);
      assertThat(inFlight(after, "GET", route)).as(route).isZero();
    }
  }

  @Test
  void hostileClientsCannotGrowTheSeries() throws Exception {
    URL base = app();
    Scrape before = scrape();
    Random random = new Random(42);
    HttpClient client = HttpClient.newHttpClient();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long seed = random.nextLong();
        work.add(threads.submit(() -> {
          Random own = new Random(seed);
          for (int i = 0; i < 10_000 / 8; i++) {
            send(client, "GET", base, "api/unknown/" + Long.toHexString(own.nextLong()) + "/" + own.nextInt());
          }
          for (int i = 0; i < 1_000 / 8; i++) {
            send(client, "X" + Long.toString(own.nextLong() & Long.MAX_VALUE, 36).toUpperCase(), base, "api/users/1");
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      threads.shutdown();
    }
    Scrape after = scrape();

    for (String sample : List.of(REQUESTS, DURATION + "_count", REQUEST_SIZE + "_count", RESPONSE_SIZE + "_count",
        IN_FLIGHT, "http_server_request_duration_seconds_count", "http_server_active_requests")) {
      assertThat(after.samples(sample).size() - before.samples(sample).size()).as(sample).isLessThanOrEqualTo(2);
    }
    assertThat(delta(before, after, REQUESTS, "GET", "unmatched", 404)).isEqualTo(10_000 / 8 * 8);
  }

  private static void send(HttpClient client, String method, URL base, String path) throws Exception {
    client.send(HttpRequest.newBuilder(Http.resolve(base, path)).method(method, HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.discarding());
  }
}
