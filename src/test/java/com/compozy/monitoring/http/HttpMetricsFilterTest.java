package com.compozy.monitoring.http;

import static com.compozy.monitoring.http.Series.REQUESTS;
import static com.compozy.monitoring.http.Series.completed;
import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.config.MonitoringConfig;
import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which route the JAX-RS filter gives a request, through the servlet filter, outside any container. */
class HttpMetricsFilterTest {
  @Path("addresses")
  public static class Addresses {
    @GET
    @Path("{addressId}")
    public String get() {
      return "";
    }
  }

  @Path("customers")
  public static class Customers {
    @Path("{customerId}/addresses")
    public Addresses addresses() {
      return new Addresses();
    }
  }

  /** What Jersey matches for an automatic OPTIONS: its own handler, no JAX-RS annotation. */
  public static class OptionsInflector {
    public Object apply(Object request) {
      return null;
    }
  }

  private final MonitoringService service =
      MonitoringService.create(MonitoringConfig.builder().enabled(true).build());
  private final HttpMetricsServletFilter filter =
      new HttpMetricsServletFilter(service.config(), () -> Optional.of(service));

  @AfterEach
  void shutdown() {
    service.shutdown();
  }

  private void send(String method, String path, Jaxrs jaxrs) throws Exception {
    send(FakeServlet.request(method, path), jaxrs);
  }

  private void send(FakeServlet.Request request, Jaxrs jaxrs) throws Exception {
    filter.doFilter(request, FakeServlet.response(), (req, res) -> {
      try {
        jaxrs.run((HttpServletRequest) req);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aRuntimesOwnHandlerIsUnmatchedNeverTheApplicationPath() throws Exception {
    Method apply = OptionsInflector.class.getMethod("apply", Object.class);
    FakeJaxrs jersey = new FakeJaxrs(OptionsInflector.class, apply);
    assertThat(jersey.deploy(OptionsInflector.class, apply)).isZero(); // no per-method filter for it

    send("OPTIONS", "/api/users/1", jersey::matched);

    assertThat(Scrape.of(service).labelSets(REQUESTS)).containsExactly(completed("OPTIONS", "unmatched", 200));
  }

  @Test
  void aRootResourceThatALocatorAlsoReturnsIsLabelledByTheWayTheRequestCameIn() throws Exception {
    Method get = Addresses.class.getMethod("get");
    FakeJaxrs jaxrs = new FakeJaxrs(Addresses.class, "get");
    Addresses sub = new Addresses();
    Customers root = new Customers();

    // first a runtime that configures the method once (as a root resource only)
    send("GET", "/api/customers/c/addresses/a", r -> jaxrs.matching(Addresses.class, get, sub, root)
        .matchedThroughLocator(r));
    // then once more, for the locator's way in, as a runtime that builds the locator's sub-resource model may
    assertThat(jaxrs.deploy(Addresses.class, get)).isEqualTo(1);
    send("GET", "/api/addresses/a", r -> jaxrs.matching(Addresses.class, get, sub).matched(r));
    send("GET", "/api/customers/c/addresses/a", r -> jaxrs.matching(Addresses.class, get, sub, root)
        .matchedThroughLocator(r));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(REQUESTS)).containsExactlyInAnyOrder(
        completed("GET", "/api/customers/{customerId}/addresses/{addressId}", 200),
        completed("GET", "/api/addresses/{addressId}", 200));
    assertThat(scrape.value(REQUESTS, completed("GET", "/api/customers/{customerId}/addresses/{addressId}", 200)))
        .isEqualTo(2);
  }

  @Test
  void theApplicationPathIsNotRememberedFromAForwardedRequest() throws Exception {
    FakeJaxrs jaxrs = new FakeJaxrs(HttpMetricsServletFilterTest.Users.class, "get");
    FakeServlet.Request forwarded = FakeServlet.request("GET", "/legacy/users/1");
    forwarded.setAttribute(RequestDispatcher.FORWARD_REQUEST_URI, "/ctx/api/users/1");
    jaxrs.baseUri = URI.create("http://localhost/ctx/legacy/"); // the base as the forwarding servlet's mapping gives it

    send(forwarded, r -> jaxrs.matched(r));
    jaxrs.baseUri = URI.create("http://localhost/ctx/api/");
    send("GET", "/api/users/2", r -> jaxrs.matched(r));
    send("GET", "/api/users/3", r -> jaxrs.matched(r));
    jaxrs.baseUri = URI.create("http://localhost/ctx/elsewhere/"); // remembered from here on: not asked
    send("GET", "/api/users/4", r -> jaxrs.matched(r));

    Scrape scrape = Scrape.of(service);
    assertThat(scrape.labelSets(REQUESTS)).containsExactlyInAnyOrder(
        completed("GET", "/legacy/users/{id}", 200), completed("GET", "/api/users/{id}", 200));
    assertThat(scrape.value(REQUESTS, completed("GET", "/api/users/{id}", 200))).isEqualTo(3);
  }

  /** What the JAX-RS runtime runs of the library's filters for one request. */
  interface Jaxrs {
    void run(HttpServletRequest request) throws Exception;
  }
}
