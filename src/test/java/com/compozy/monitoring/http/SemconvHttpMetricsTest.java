package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.config.MonitoringConfig.HttpConventions;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Executables;
import com.compozy.monitoring.testing.Scrape;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code otel} and {@code both} conventions through the real servlet and JAX-RS filters, outside
 * any container: exact series names, label sets and values. A missing series fails the test.
 */
class SemconvHttpMetricsTest {
  static final String DURATION = "http_server_request_duration_seconds";
  static final String ACTIVE = "http_server_active_requests";
  static final String REQUEST_BODY = "http_server_request_body_size_bytes";
  static final String RESPONSE_BODY = "http_server_response_body_size_bytes";
  private static final String USER = "/api/users/{id}";
  private static final String USERS = "/api/users";

  @Path("users")
  public static class Users {
    @GET
    @Path("{id}")
    public String get() {
      return "";
    }

    @POST
    public String create() {
      return "";
    }
  }

  private MonitoringService service;
  private HttpMetricsServletFilter filter;
  private final FakeJaxrs getUser = jaxrs("get");
  private final FakeJaxrs createUser = jaxrs("create");

  @AfterEach
  void shutdown() {
    if (service != null) {
      service.shutdown();
    }
  }

  private void start(HttpConventions conventions) {
    MonitoringConfig config = MonitoringConfig.builder().enabled(true).httpConventions(conventions).build();
    service = MonitoringService.create(config);
    filter = new HttpMetricsServletFilter(config, () -> Optional.of(service));
  }

  /** The semantic-convention labels of one exchange, in the order the exposition sorts them. */
  static Map<String, String> exchange(String method, String route, int status, String... more) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (more.length > 0 && more[0] != null) {
      labels.put("error_type", more[0]);
    }
    labels.put("http_request_method", method);
    labels.put("http_response_status_code", String.valueOf(status));
    if (route != null) {
      labels.put("http_route", route);
    }
    labels.put("network_protocol_version", more.length > 1 ? more[1] : "1.1");
    labels.put("url_scheme", more.length > 2 ? more[2] : "http");
    return labels;
  }

  private void send(FakeServlet.Request request, FakeServlet.Response response, FilterChain chain) throws Exception {
    filter.doFilter(request, response, chain);
  }

  @Test
  void otelRecordsTheStableDurationAndTheOptInInstrumentsAndNoCompozySeries() throws Exception {
    start(HttpConventions.OTEL);
    List<Double> activeDuring = new ArrayList<>();
    send(FakeServlet.request("GET", "/api/users/7"), FakeServlet.response(), (req, res) -> {
      getUser.matched((HttpServletRequest) req);
      activeDuring.add(Scrape.of(service).value(ACTIVE, "http_request_method", "GET", "url_scheme", "http"));
      res.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    });

    Scrape scrape = Scrape.of(service);
    Map<String, String> labels = exchange("GET", USER, 200);
    assertThat(activeDuring).containsExactly(1.0);
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(labels);
    assertThat(scrape.value(DURATION + "_count", labels)).isEqualTo(1);
    assertThat(scrape.samples(DURATION + "_bucket").stream().map(s -> s.labels().get("le"))).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0",
        "+Inf");
    assertThat(scrape.value(REQUEST_BODY + "_sum", labels)).isZero();
    assertThat(scrape.value(RESPONSE_BODY + "_sum", labels)).isEqualTo(5);
    assertThat(scrape.labelSets(ACTIVE)).containsExactly(Map.of("http_request_method", "GET", "url_scheme", "http"));
    assertThat(scrape.value(ACTIVE, "http_request_method", "GET", "url_scheme", "http")).isZero();
    assertThat(scrape.types("http_")).isEqualTo(Map.of(DURATION, "histogram", REQUEST_BODY, "histogram",
        RESPONSE_BODY, "histogram", ACTIVE, "gauge"));
    assertThat(scrape.samples()).noneMatch(s -> s.name().startsWith("compozy_") || s.labels().containsKey("otel_scope_name"));
  }

  @Test
  void statusSchemeProtocolAndErrorTypeAreEachRequestsOwn() throws Exception {
    start(HttpConventions.OTEL);
    FakeServlet.Response created = FakeServlet.response();
    send(FakeServlet.request("POST", USERS).over("https", "HTTP/2.0").body("{\"a\":1}"), created, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      created.setStatus(201);
    });
    FakeServlet.Response unavailable = FakeServlet.response();
    send(FakeServlet.request("GET", "/api/users/1"), unavailable, (req, res) -> {
      getUser.matched((HttpServletRequest) req);
      unavailable.setStatus(503);
    });
    FakeServlet.Response notFound = FakeServlet.response();
    send(FakeServlet.request("GET", "/api/nope").over("http", "HTTP/1.0"), notFound, (req, res) -> {
      getUser.unmatched((HttpServletRequest) req);
      notFound.setStatus(404);
    });
    send(FakeServlet.request("PURGE", "/api/users/1").over("http", "SPDY/3"), FakeServlet.response(),
        (req, res) -> getUser.matched((HttpServletRequest) req));

    Map<String, String> https = exchange("POST", USERS, 201, null, "2", "https");
    Map<String, String> noProtocol = exchange("_OTHER", USER, 200);
    noProtocol.remove("network_protocol_version"); // not HTTP: the container's protocol is not a version of it
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactlyInAnyOrder(https,
        exchange("GET", USER, 503, "503"), exchange("GET", null, 404, null, "1.0"), noProtocol);
    assertThat(scrape.value(REQUEST_BODY + "_sum", https)).isEqualTo(7);
    assertThat(scrape.labelSets(ACTIVE)).containsExactlyInAnyOrder(
        Map.of("http_request_method", "POST", "url_scheme", "https"),
        Map.of("http_request_method", "GET", "url_scheme", "http"),
        Map.of("http_request_method", "_OTHER", "url_scheme", "http")); // unmatched requests are never active
  }

  @Test
  void anExceptionThatEscapedIsA500UnlessAnotherStatusWasSentThenItsClass() {
    start(HttpConventions.OTEL);
    assertThatThrownBy(() -> send(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(), (req, res) -> {
      getUser.route((HttpServletRequest) req);
      throw new IllegalStateException("unmapped");
    })).isInstanceOf(IllegalStateException.class);
    FakeServlet.Response partial = FakeServlet.response();
    assertThatThrownBy(() -> send(FakeServlet.request("GET", "/api/users/2"), partial, (req, res) -> {
      getUser.route((HttpServletRequest) req);
      partial.setStatus(200);
      partial.commit();
      throw new ServletException(new IOException("client went away"));
    })).isInstanceOf(ServletException.class);

    assertThat(Scrape.of(service).labelSets(DURATION + "_count")).containsExactlyInAnyOrder(
        exchange("GET", USER, 500, "500"), exchange("GET", USER, 200, IOException.class.getName()));
  }

  @Test
  void bothRecordsOneMeasurementUnderEachSetOfNames() throws Exception {
    start(HttpConventions.BOTH);
    List<String> activeDuring = new ArrayList<>();
    FakeServlet.Response created = FakeServlet.response();
    send(FakeServlet.request("POST", USERS).body("x".repeat(1234)), created, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      Scrape during = Scrape.of(service);
      activeDuring.add(during.samples(ACTIVE).size() + " " + during.value(Series.IN_FLIGHT, Series.route("POST", USERS)));
      created.setStatus(201);
      res.getWriter().print("created");
    });
    FakeServlet.Response notFound = FakeServlet.response();
    send(FakeServlet.request("GET", "/api/nope"), notFound, (req, res) -> {
      getUser.unmatched((HttpServletRequest) req);
      notFound.setStatus(404);
    });

    Scrape scrape = Scrape.of(service);
    Map<String, String> otel = exchange("POST", USERS, 201);
    Map<String, String> compozy = Series.completed("POST", USERS, 201);
    assertThat(activeDuring).containsExactly("0 1.0"); // in flight: the compozy series only
    assertThat(scrape.labelSets(Series.REQUESTS)).containsExactlyInAnyOrder(compozy,
        Series.completed("GET", "unmatched", 404));
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactlyInAnyOrder(otel, exchange("GET", null, 404));
    assertThat(scrape.value(Series.REQUESTS, compozy)).isEqualTo(1);
    assertThat(scrape.value(DURATION + "_count", otel)).isEqualTo(1);
    // equal to the nanosecond: one clock read for both
    assertThat(scrape.value(DURATION + "_sum", otel)).isPositive()
        .isEqualTo(scrape.value(Series.DURATION + "_sum", compozy));
    // the sizes and the in-flight count only under the compozy names: the conventions' development
    // instruments would repeat them number for number
    assertThat(scrape.value(Series.REQUEST_SIZE + "_sum", compozy)).isEqualTo(1234);
    assertThat(scrape.value(Series.RESPONSE_SIZE + "_sum", compozy)).isEqualTo(7);
    assertThat(scrape.samples()).extracting(Scrape.Sample::name)
        .noneMatch(name -> name.startsWith(REQUEST_BODY) || name.startsWith(RESPONSE_BODY) || name.equals(ACTIVE));
    assertThat(scrape.value(Series.IN_FLIGHT, Series.route("POST", USERS))).isZero();
  }

  @Test
  void compozyIsTheDefaultAndHasNoSemanticConventionSeries() throws Exception {
    MonitoringConfig config = MonitoringConfig.builder().enabled(true).build();
    assertThat(config.httpConventions()).isEqualTo(HttpConventions.COMPOZY);
    service = MonitoringService.create(config);
    filter = new HttpMetricsServletFilter(config, () -> Optional.of(service));
    send(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(),
        (req, res) -> getUser.matched((HttpServletRequest) req));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.value(Series.REQUESTS, Series.completed("GET", USER, 200))).isEqualTo(1);
    assertThat(scrape.samples()).noneMatch(s -> s.name().startsWith("http_server_"));
  }

  @Test
  void hostileMethodsShareOtherInEveryConvention() throws Exception {
    start(HttpConventions.BOTH);
    for (int i = 0; i < 200; i++) {
      send(FakeServlet.request("X" + i, "/api/users/1"), FakeServlet.response(),
          (req, res) -> getUser.matched((HttpServletRequest) req));
    }
    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(DURATION + "_count")).containsExactly(exchange("_OTHER", USER, 200));
    assertThat(scrape.value(DURATION + "_count", exchange("_OTHER", USER, 200))).isEqualTo(200);
    assertThat(scrape.labelSets(Series.REQUESTS)).containsExactly(Series.completed("_OTHER", USER, 200));
  }

  @Test
  void httpDisabledLeavesEveryRequestUnmeasured() throws Exception {
    MonitoringConfig config = MonitoringConfig.builder().enabled(true).httpEnabled(false)
        .httpConventions(HttpConventions.BOTH).build();
    service = MonitoringService.create(config);
    filter = new HttpMetricsServletFilter(config, () -> {
      throw new AssertionError("the service is not asked for with HTTP metrics off");
    });
    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");
    List<Object> passedOn = new ArrayList<>();
    filter.init(null);
    send(request, FakeServlet.response(), (req, res) -> {
      passedOn.add(req);
      getUser.matched((HttpServletRequest) req);
    });

    assertThat(passedOn).containsExactly(request);
    assertThat(request.getAttribute(HttpExchange.ATTRIBUTE)).isNull();
    assertThat(Scrape.of(service).samples()).noneMatch(s -> s.name().contains("http"));
  }

  /** Another copy of the library (a second JAR, another class loader) opened the exchange: ours counts nothing. */
  @Test
  void aRequestAnotherCopyOfTheFilterMeasuresIsNotCountedAgain() throws Exception {
    start(HttpConventions.BOTH);
    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");
    request.setAttribute(HttpExchange.ATTRIBUTE, new Object()); // what another class loader's exchange looks like here
    send(request, FakeServlet.response(), (req, res) -> getUser.matched((HttpServletRequest) req));

    assertThat(Scrape.of(service).samples()).noneMatch(s -> s.name().contains("http"));
  }

  @ParameterizedTest
  @EnumSource(value = HttpConventions.class, names = {"OTEL", "BOTH"})
  void theSemanticConventionFamiliesPassPromtoolLint(HttpConventions conventions) throws Exception {
    java.nio.file.Path promtool = Executables.require("promtool");
    start(conventions);
    send(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(),
        (req, res) -> getUser.matched((HttpServletRequest) req));
    String text = Scrape.text(service);
    assertThat(text).contains(DURATION + "_bucket");
    if (conventions == HttpConventions.OTEL) {
      assertThat(text).contains(ACTIVE, REQUEST_BODY, RESPONSE_BODY);
    }

    java.nio.file.Path input = Files.createTempFile("http-exposition", ".txt");
    java.nio.file.Path output = Files.createTempFile("promtool", ".out");
    try {
      Files.writeString(input, text);
      Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
          .redirectInput(input.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String problems = Files.readString(output);
      // the one upstream finding: the SDK's resource family has no help text
      assertThat(problems.lines().filter(line -> !line.startsWith("target_info "))).as(problems + "\n" + text)
          .isEmpty();
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
    }
  }

  private static FakeJaxrs jaxrs(String method) {
    try {
      return new FakeJaxrs(Users.class, method);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
