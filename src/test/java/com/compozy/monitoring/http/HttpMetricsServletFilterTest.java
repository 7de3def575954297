package com.compozy.monitoring.http;

import static com.compozy.monitoring.http.Series.DURATION;
import static com.compozy.monitoring.http.Series.IN_FLIGHT;
import static com.compozy.monitoring.http.Series.REQUESTS;
import static com.compozy.monitoring.http.Series.REQUEST_SIZE;
import static com.compozy.monitoring.http.Series.RESPONSE_SIZE;
import static com.compozy.monitoring.http.Series.completed;
import static com.compozy.monitoring.http.Series.lines;
import static com.compozy.monitoring.http.Series.route;
import static com.compozy.monitoring.http.Series.value;
import static com.compozy.monitoring.http.Series.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.LogCapture;
import com.compozy.monitoring.testing.ThrowingMeter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servlet filter with a real service and the real JAX-RS filter, outside any container: what a
 * request records, when, and that monitoring never breaks the request.
 */
class HttpMetricsServletFilterTest {
  private static final String USER = "/api/users/{id}";
  private static final String USERS = "/api/users";

  @Path("users")
  public static class Users {
    @GET
    @Path("{id: \\d+}")
    public String get() {
      return "";
    }

    @POST
    public String create() {
      return "";
    }
  }

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final FakeJaxrs getUser = jaxrs("get");
  private final FakeJaxrs createUser = jaxrs("create");

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  @Test
  void countsARequestOnceWithItsMethodRouteAndStatusAndInFlightReturnsToZero() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    List<Double> inFlightDuringRequest = new ArrayList<>();

    filter.doFilter(FakeServlet.request("GET", "/api/users/7"), FakeServlet.response(), (req, res) -> {
      getUser.matched((HttpServletRequest) req);
      inFlightDuringRequest.add(value(service, IN_FLIGHT, route("GET", USER)));
      res.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    });

    assertThat(inFlightDuringRequest).containsExactly(1.0);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
    assertThat(value(service, DURATION + "_count", completed("GET", USER, 200))).isEqualTo(1);
    assertThat(value(service, REQUEST_SIZE + "_count", completed("GET", USER, 200))).isEqualTo(1);
    assertThat(value(service, REQUEST_SIZE + "_sum", completed("GET", USER, 200))).isZero();
    assertThat(value(service, RESPONSE_SIZE + "_sum", completed("GET", USER, 200))).isEqualTo(5);
    assertThat(value(service, RESPONSE_SIZE + "_bucket", with(completed("GET", USER, 200), "le", "100.0")))
        .isEqualTo(1);
  }

  @Test
  void eachMethodAndStatusHasItsOwnSeriesAndRepeatsAddUp() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    for (int i = 0; i < 3; i++) {
      filter.doFilter(FakeServlet.request("GET", "/api/users/" + i), FakeServlet.response(),
          (req, res) -> getUser.matched((HttpServletRequest) req));
    }
    FakeServlet.Response created = FakeServlet.response();
    filter.doFilter(FakeServlet.request("POST", USERS).body("{}"), created, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      created.setStatus(201);
    });

    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(3);
    assertThat(value(service, REQUESTS, completed("POST", USERS, 201))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(2);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
    assertThat(value(service, IN_FLIGHT, route("POST", USERS))).isZero();
  }

  @Test
  void aRequestNoResourceMatchedIsUnmatchedAndOneJaxrsDidNotHandleIsNotCounted() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    FakeServlet.Response notFound = FakeServlet.response();
    filter.doFilter(FakeServlet.request("GET", "/api/nope/1"), notFound, (req, res) -> {
      getUser.unmatched((HttpServletRequest) req);
      notFound.setStatus(404);
    });
    filter.doFilter(FakeServlet.request("GET", "/index.html"), FakeServlet.response(), (req, res) -> {});

    assertThat(value(service, REQUESTS, completed("GET", "unmatched", 404))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
    assertThat(lines(service, IN_FLIGHT)).isEmpty(); // unmatched requests never enter in-flight
  }

  @Test
  void aRouteFilterServingTwoApplicationsRecordsEachIntoItsOwnService() throws Exception {
    MonitoringService other = MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
    try {
      HttpMetricsServletFilter first = filter(MonitoringConfig.builder().enabled(true).build());
      HttpMetricsServletFilter second = new HttpMetricsServletFilter(
          MonitoringConfig.builder().enabled(true).build(), () -> Optional.of(other));
      for (HttpMetricsServletFilter filter : List.of(first, second, second, first, first)) {
        filter.doFilter(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(),
            (req, res) -> getUser.matched((HttpServletRequest) req));
      }

      assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(3);
      assertThat(value(other, REQUESTS, completed("GET", USER, 200))).isEqualTo(2);
      assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
      assertThat(value(other, IN_FLIGHT, route("GET", USER))).isZero();
    } finally {
      other.shutdown();
    }
  }

  @Test
  void aMethodOutsideTheStandardNineIsOther() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    filter.doFilter(FakeServlet.request("PURGE", "/api/users/1"), FakeServlet.response(),
        (req, res) -> getUser.matched((HttpServletRequest) req));

    assertThat(value(service, REQUESTS, completed("_OTHER", USER, 200))).isEqualTo(1);
    assertThat(value(service, IN_FLIGHT, route("_OTHER", USER))).isZero();
  }

  @Test
  void excludedRouteTemplatesExactPathsAndPrefixesAreNotMeasured() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true)
        .httpExclude(List.of(USER, "/api/ping", "/api/internal/*")).build());
    List<ServletRequest> passedOn = new ArrayList<>();
    FilterChain chain = (req, res) -> {
      passedOn.add(req);
      getUser.matched((HttpServletRequest) req);
    };

    filter.doFilter(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(), chain);
    FakeServlet.Request ping = FakeServlet.request("GET", "/api/ping");
    filter.doFilter(ping, FakeServlet.response(), chain);
    FakeServlet.Request internal = FakeServlet.request("GET", "/api/internal/jobs/3");
    filter.doFilter(internal, FakeServlet.response(), chain);
    // not under the prefix "/api/internal/": measured (served by another resource here)
    filter.doFilter(FakeServlet.request("GET", "/api/internals"), FakeServlet.response(),
        (req, res) -> createUser.matched((HttpServletRequest) req));

    // the excluded template is known only once JAX-RS matched; excluded paths are not even wrapped
    assertThat(passedOn).hasSize(3);
    assertThat(passedOn.get(1)).isSameAs(ping);
    assertThat(passedOn.get(2)).isSameAs(internal);
    assertThat(ping.getAttribute(HttpExchange.ATTRIBUTE)).isNull();
    assertThat(internal.getAttribute(HttpExchange.ATTRIBUTE)).isNull();
    assertThat(lines(service, IN_FLIGHT)).containsExactly(IN_FLIGHT + "{http_method=\"GET\",http_route=\"" + USERS + "\"} 0.0");
    assertThat(value(service, REQUESTS, completed("GET", USERS, 200))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
  }

  @Test
  void countsTheBytesReadAndWrittenExactly() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    String body = "x".repeat(1234);
    FakeServlet.Response response = FakeServlet.response();

    filter.doFilter(FakeServlet.request("POST", USERS).chunked(body), response, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      byte[] buffer = new byte[100];
      while (req.getInputStream().read(buffer, 0, buffer.length) > 0) {
        // drained
      }
      res.getOutputStream().write(new byte[2000], 0, 2000);
      res.getOutputStream().write('!');
      res.getWriter().print("1234");
    });

    assertThat(value(service, REQUEST_SIZE + "_sum", completed("POST", USERS, 200))).isEqualTo(1234);
    assertThat(value(service, RESPONSE_SIZE + "_sum", completed("POST", USERS, 200))).isEqualTo(2005);
    assertThat(value(service, RESPONSE_SIZE + "_bucket", with(completed("POST", USERS, 200), "le", "1000.0")))
        .isZero();
    assertThat(value(service, RESPONSE_SIZE + "_bucket", with(completed("POST", USERS, 200), "le", "10000.0")))
        .isEqualTo(1);
    assertThat(response.body()).hasSize(2005);
  }

  @Test
  void anUnreadBodyCountsItsContentLengthAndAnUnwrittenResponseItsHeader() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    filter.doFilter(FakeServlet.request("POST", USERS).body("abcdefg"), FakeServlet.response(), (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      ((jakarta.servlet.http.HttpServletResponse) res).setContentLengthLong(321);
    });

    assertThat(value(service, REQUEST_SIZE + "_sum", completed("POST", USERS, 200))).isEqualTo(7);
    assertThat(value(service, RESPONSE_SIZE + "_sum", completed("POST", USERS, 200))).isEqualTo(321);
  }

  @Test
  void anExceptionFromTheChainCountsAs500AndIsRethrown() {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    IllegalStateException failure = new IllegalStateException("resource failed");

    assertThatThrownBy(() -> filter.doFilter(FakeServlet.request("GET", "/api/users/1"), FakeServlet.response(),
        (req, res) -> {
          getUser.route((HttpServletRequest) req);
          throw failure;
        })).isSameAs(failure);

    assertThat(value(service, REQUESTS, completed("GET", USER, 500))).isEqualTo(1);
    assertThat(lines(service, REQUESTS)).hasSize(1);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
  }

  @Test
  void anExceptionAfterTheResponseWasCommittedCountsTheStatusTheClientGot() {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    FakeServlet.Response response = FakeServlet.response();

    assertThatThrownBy(() -> filter.doFilter(FakeServlet.request("GET", "/api/users/1"), response,
        (req, res) -> {
          getUser.route((HttpServletRequest) req);
          response.setStatus(206);
          response.commit();
          throw new IOException("client went away");
        })).isInstanceOf(IOException.class);

    assertThat(value(service, REQUESTS, completed("GET", USER, 206))).isEqualTo(1);
  }

  @Test
  void anAsyncRequestIsCountedWhenItCompletesWithTheFinalStatus() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");
    FakeServlet.Response response = FakeServlet.response();

    filter.doFilter(request, response, (req, res) -> {
      getUser.route((HttpServletRequest) req);
      req.startAsync();
    });

    assertThat(lines(service, REQUESTS)).isEmpty();
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isEqualTo(1);

    getUser.unmatched(request); // the response filter runs when the async response is resumed
    response.setStatus(202);
    FakeServlet.Async async = (FakeServlet.Async) request.getAsyncContext();
    async.complete();

    assertThat(value(service, REQUESTS, completed("GET", USER, 202))).isEqualTo(1);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
    assertThat(async.listeners).hasSize(1);

    async.complete(); // a second notification (a container bug, or a re-dispatch) counts nothing
    assertThat(value(service, REQUESTS, completed("GET", USER, 202))).isEqualTo(1);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
  }

  @Test
  void aRequestFilteredTwiceIsCountedOnce() throws Exception {
    HttpMetricsServletFilter outer = filter(MonitoringConfig.builder().enabled(true).build());
    HttpMetricsServletFilter inner = filter(MonitoringConfig.builder().enabled(true).build());
    List<ServletRequest> innerSaw = new ArrayList<>();
    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");

    outer.doFilter(request, FakeServlet.response(), (req, res) -> inner.doFilter(req, res, (req2, res2) -> {
      innerSaw.add(req2);
      getUser.matched((HttpServletRequest) req2);
      getUser.matched((HttpServletRequest) req2); // and the JAX-RS filter registered twice
    }));

    assertThat(innerSaw).hasSize(1);
    assertThat(request.setAttributeCalls).isEqualTo(1);
    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(1);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
  }

  @Test
  void aThrowingMeterNeitherBreaksTheRequestNorThrows() throws Exception {
    HttpMetricsServletFilter filter = new HttpMetricsServletFilter(new Exclusions(List.of()),
        () -> Optional.of(ThrowingMeter.create()));
    filter.init(null);
    AtomicInteger served = new AtomicInteger();
    FakeServlet.Response response = FakeServlet.response();
    FakeServlet.Request request = FakeServlet.request("POST", USERS).body("abc");

    assertThatCode(() -> filter.doFilter(request, response, (req, res) -> {
      createUser.matched((HttpServletRequest) req);
      assertThat(req.getInputStream().readAllBytes()).hasSize(3);
      res.getWriter().print("served");
      served.incrementAndGet();
    })).doesNotThrowAnyException();

    assertThat(served).hasValue(1);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("served");
  }

  @Test
  void aMeterOrServiceThatFailsToSetUpLeavesRequestsUnmeasured() throws Exception {
    Meter brokenBuilders = (Meter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Meter.class},
        (proxy, method, args) -> {
          throw new IllegalStateException("broken SDK");
        });
    for (HttpMetricsServletFilter filter : List.of(
        new HttpMetricsServletFilter(new Exclusions(List.of()), () -> Optional.of(brokenBuilders)),
        new HttpMetricsServletFilter(MonitoringConfig.builder().enabled(true).build(), () -> {
          throw new IllegalStateException("no CDI");
        }))) {
      FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");
      List<ServletRequest> passedOn = new ArrayList<>();
      assertThatCode(() -> filter.init(null)).doesNotThrowAnyException();
      filter.doFilter(request, FakeServlet.response(), (req, res) -> passedOn.add(req));
      assertThat(passedOn).containsExactly(request);
    }
  }

  @Test
  void theServiceIsAskedOnceLazilyAndADisabledOneLeavesRequestsAlone() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    MonitoringService disabled = MonitoringService.create(MonitoringConfig.defaults());
    Supplier<Optional<MonitoringService>> lookup = () -> {
      asked.incrementAndGet();
      return Optional.of(disabled);
    };
    HttpMetricsServletFilter filter = new HttpMetricsServletFilter(MonitoringConfig.defaults(), lookup);
    assertThat(asked).hasValue(0);

    FakeServlet.Request request = FakeServlet.request("GET", "/api/users/1");
    List<ServletRequest> passedOn = new ArrayList<>();
    filter.doFilter(request, FakeServlet.response(), (req, res) -> passedOn.add(req));
    filter.doFilter(request, FakeServlet.response(), (req, res) -> passedOn.add(req));

    assertThat(asked).hasValue(1);
    assertThat(passedOn).containsExactly(request, request);
    assertThat(request.getAttribute(HttpExchange.ATTRIBUTE)).isNull();
  }

  @Test
  void anErrorPageDispatchedIntoJaxrsAfterAServletThrewLeavesNothingInFlight() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    FakeServlet.Request request = FakeServlet.request("GET", "/plain-servlet");
    ServletException failure = new ServletException("servlet failed");

    assertThatThrownBy(() -> filter.doFilter(request, FakeServlet.response(), (req, res) -> {
      throw failure;
    })).isSameAs(failure);
    // the container's error dispatch (the filter is mapped to REQUEST only) reaches a JAX-RS error page
    getUser.matched(request);

    assertThat(lines(service, REQUESTS)).isEmpty(); // a servlet's request, not JAX-RS's
    assertThat(lines(service, IN_FLIGHT)).isEmpty();
  }

  @Test
  void anAsyncCycleDispatchedBeforeTheFilterReturnedEndsWithItAndItsDispatchIsNotCounted() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    FakeServlet.Request request = FakeServlet.request("GET", "/plain-servlet");

    filter.doFilter(request, FakeServlet.response(), (req, res) -> req.startAsync().dispatch());
    getUser.matched(request); // the async dispatch, into JAX-RS
    ((FakeServlet.Async) request.getAsyncContext()).complete();

    assertThat(lines(service, REQUESTS)).isEmpty();
    assertThat(lines(service, IN_FLIGHT)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"add", "record"})
  void aLinkageErrorInTheRequestPathSwitchesHttpMetricsOffLoggedOnceAndNoRequestFails(String failing)
      throws Exception {
    HttpMetricsServletFilter filter = new HttpMetricsServletFilter(new Exclusions(List.of()),
        () -> Optional.of(meterFailingAt(failing, new NoSuchMethodError("io.opentelemetry.api.common.Attributes"))));
    List<ServletRequest> passedOn = new ArrayList<>();
    FakeServlet.Request second = FakeServlet.request("GET", "/api/users/2");
    try (LogCapture log = LogCapture.of(HttpMetrics.class)) {
      for (FakeServlet.Request request : List.of(FakeServlet.request("GET", "/api/users/1"), second,
          FakeServlet.request("GET", "/api/users/3"))) {
        FakeServlet.Response response = FakeServlet.response();
        assertThatCode(() -> filter.doFilter(request, response, (req, res) -> {
          passedOn.add(req);
          getUser.matched((HttpServletRequest) req);
          res.getWriter().print("served");
        })).doesNotThrowAnyException();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("served");
      }

      assertThat(log.at(Level.SEVERE)).hasSize(1);
      assertThat(log.at(Level.SEVERE).get(0).getThrown()).isInstanceOf(NoSuchMethodError.class);
      assertThat(log.records()).hasSize(1);
    }
    assertThat(passedOn.get(1)).isSameAs(second); // switched off: passed through as it came
    assertThat(second.getAttribute(HttpExchange.ATTRIBUTE)).isNull();
  }

  @Test
  void aFailedLookupIsAskedAgainAtARequestASecondLaterNotRememberedForever() throws Exception {
    AtomicLong now = new AtomicLong(0);
    AtomicInteger asked = new AtomicInteger();
    HttpMetricsServletFilter filter = new HttpMetricsServletFilter(new Exclusions(List.of()),
        MonitoringConfig.HttpConventions.COMPOZY, () -> {
      if (asked.incrementAndGet() == 1) {
        throw new IllegalStateException("CDI not up yet");
      }
      return Optional.of(service.meter());
    }, now::get);
    FilterChain chain = (req, res) -> getUser.matched((HttpServletRequest) req);

    filter.init(null);
    now.set(TimeUnit.MILLISECONDS.toNanos(999));
    FakeServlet.Request early = FakeServlet.request("GET", "/api/users/1");
    filter.doFilter(early, FakeServlet.response(), chain);
    assertThat(asked).hasValue(1);
    assertThat(early.getAttribute(HttpExchange.ATTRIBUTE)).isNull(); // unmeasured meanwhile

    now.set(TimeUnit.SECONDS.toNanos(1));
    filter.doFilter(FakeServlet.request("GET", "/api/users/2"), FakeServlet.response(), chain);
    now.set(TimeUnit.SECONDS.toNanos(60));
    filter.doFilter(FakeServlet.request("GET", "/api/users/3"), FakeServlet.response(), chain);

    assertThat(asked).hasValue(2);
    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(2);
  }

  /** A meter whose instruments throw {@code error} from {@code failing} ("add" or "record"). */
  private static Meter meterFailingAt(String failing, Error error) {
    return (Meter) failingProxy(Meter.class, failing, error);
  }

  private static Object failingProxy(Class<?> type, String failing, Error error) {
    return Proxy.newProxyInstance(HttpMetricsServletFilterTest.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          if (method.getName().equals(failing)) {
            throw error;
          }
          if (method.getName().equals("add") || method.getName().equals("record")) {
            return null;
          }
          Class<?> returned = method.getReturnType();
          return returned.isInterface() ? failingProxy(returned, failing, error) : null;
        });
  }

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    HttpMetricsServletFilter filter = filter(MonitoringConfig.builder().enabled(true).build());
    int threads = 4;
    int perThread = 2_000;
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            filter.doFilter(FakeServlet.request("GET", "/api/users/" + i), FakeServlet.response(),
                (req, res) -> getUser.matched((HttpServletRequest) req));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(failures).isEmpty();
    assertThat(value(service, REQUESTS, completed("GET", USER, 200))).isEqualTo(threads * perThread);
    assertThat(value(service, DURATION + "_count", completed("GET", USER, 200))).isEqualTo(threads * perThread);
    assertThat(value(service, IN_FLIGHT, route("GET", USER))).isZero();
  }

  private HttpMetricsServletFilter filter(MonitoringConfig config) {
    return new HttpMetricsServletFilter(config, () -> Optional.of(service));
  }

  private static FakeJaxrs jaxrs(String method) {
    try {
      return new FakeJaxrs(Users.class, method);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
