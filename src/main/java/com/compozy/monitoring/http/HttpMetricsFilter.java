package com.compozy.monitoring.http;

import com.compozy.monitoring.internal.ThrottledLog;
import jakarta.annotation.Priority;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Labels each JAX-RS request with its route template for the HTTP metrics
 * ({@code compozy_http_requests_total{http_method, http_route, http_status_code}} and the duration,
 * size and in-flight instruments).
 *
 * <pre>{@code
 * // Nothing to do when the runtime scans the WAR (an Application without getClasses()).
 * // An Application that lists its classes adds this one:
 * @Override public Set<Class<?>> getClasses() {
 *   return Set.of(OrdersResource.class, HttpMetricsFilter.class);
 * }
 * }</pre>
 *
 * <p>It works with the servlet filter the library registers itself, which measures the exchange;
 * registered twice, it still counts each request once. It never throws into the request.
 *
 * <p>Each method of a root resource gets its own request filter, which knows its template from
 * deployment on; the shared request filter, which asks the runtime's {@link ResourceInfo} and
 * {@link UriInfo} (reflective context proxies, several times slower), is left with methods reached
 * through sub-resource locators, and with those of a class that is both a root resource and what a
 * locator returns (its methods are configured twice, once per way to reach them).
 *
 * <p>The application path is its {@code @ApplicationPath}, else the base URI JAX-RS reports; the
 * latter is remembered only from a request the container did not forward, include or dispatch.
 */
@Provider
@Priority(HttpMetricsFilter.PRIORITY) // before authentication filters, so a request they reject keeps its route
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter, DynamicFeature {
  static final int PRIORITY = 10;
  private static final ThrottledLog LOG = new ThrottledLog(HttpMetricsFilter.class);
  private static final String[] DISPATCHED = {
      RequestDispatcher.FORWARD_REQUEST_URI, RequestDispatcher.INCLUDE_REQUEST_URI, AsyncContext.ASYNC_REQUEST_URI};

  private final RouteTemplates templates = new RouteTemplates();
  private final ConcurrentHashMap<Method, MethodRouteFilter> routeFilters = new ConcurrentHashMap<>();
  private volatile String applicationPath;

  @Context private ResourceInfo resourceInfo;
  @Context private UriInfo uriInfo;
  @Context private Application application;

  public HttpMetricsFilter() {}

  /** What the runtime injects, for tests outside a runtime. */
  HttpMetricsFilter(ResourceInfo resourceInfo, UriInfo uriInfo) {
    this.resourceInfo = resourceInfo;
    this.uriInfo = uriInfo;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    HttpExchange exchange = null;
    try {
      exchange = awaitingRoute(request);
      if (exchange == null) {
        return;
      }
      Method method = resourceInfo.getResourceMethod();
      if (method != null) {
        String template = template(request, exchange, chain(), method);
        if (template != null) {
          exchange.matched(template);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      failed(exchange, e);
    }
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    try {
      Class<?> resourceClass = resource.getResourceClass();
      Method method = resource.getResourceMethod();
      if (resourceClass == null || method == null || !templates.isRootResource(resourceClass)
          || !RouteTemplates.isResourceMethod(method)) {
        return;
      }
      MethodRouteFilter filter = new MethodRouteFilter(resourceClass, method);
      MethodRouteFilter first = routeFilters.putIfAbsent(method, filter);
      if (first != null) {
        first.reachedThroughLocator = true; // the root filter may now see either way in: leave both to filter()
        return;
      }
      context.register(filter, PRIORITY - 1);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Failed to prepare the HTTP route of " + resource.getResourceMethod(), e);
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(HttpExchange.ATTRIBUTE) instanceof HttpExchange exchange) {
      exchange.handledByJaxrs();
    }
  }

  /** The matched resource classes, root first. */
  private List<Class<?>> chain() {
    Class<?> resource = resourceInfo.getResourceClass();
    List<Object> matched = uriInfo.getMatchedResources();
    if (matched.size() <= 1) {
      return List.of(resource);
    }
    List<Class<?>> chain = new ArrayList<>(matched.size());
    for (int i = matched.size() - 1; i >= 0; i--) {
      chain.add(matched.get(i).getClass());
    }
    return chain;
  }

  /**
   * Labels the requests of one root resource method, whose template is known without asking. Its
   * route is resolved at the first request and then reused, so that a request costs no lookup.
   */
  private final class MethodRouteFilter implements ContainerRequestFilter {
    private final List<Class<?>> chain;
    private final Method method;
    private volatile boolean reachedThroughLocator;
    // the route in the metrics of the last request; one application has one, so it is resolved once
    private volatile HttpMetrics.Route route;

    MethodRouteFilter(Class<?> resource, Method method) {
      this.chain = List.of(resource);
      this.method = method;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      if (reachedThroughLocator) {
        return;
      }
      HttpExchange exchange = null;
      try {
        exchange = awaitingRoute(request);
        if (exchange != null) {
          exchange.matched(route(request, exchange));
        }
      } catch (RuntimeException | LinkageError e) {
        failed(exchange, e);
      }
    }

    private HttpMetrics.Route route(ContainerRequestContext request, HttpExchange exchange) {
      HttpMetrics.Route resolved = route;
      if (resolved == null || !exchange.recordsInto(resolved)) {
        resolved = exchange.route(template(request, exchange, chain, method)); // a resource method: never null
        if (applicationPath != null) {
          route = resolved; // not from a forwarded request's path
        }
      }
      return resolved;
    }
  }

  /** The request's exchange if the servlet filter opened one, it did not end and no route filter labelled it. */
  private static HttpExchange awaitingRoute(ContainerRequestContext request) {
    return request.getProperty(HttpExchange.ATTRIBUTE) instanceof HttpExchange exchange && exchange.awaitsRoute()
        ? exchange : null;
  }

  private static void failed(HttpExchange exchange, Throwable failure) {
    if (exchange != null) {
      exchange.failed(failure);
    } else {
      LOG.warn("Failed to resolve the HTTP route", failure);
    }
  }

  private String template(ContainerRequestContext request, HttpExchange exchange, List<Class<?>> chain,
      Method method) {
    String path = applicationPath;
    if (path == null) {
      path = resolveApplicationPath(request, exchange);
      if (applicationPath == null) {
        return RouteTemplates.uncachedTemplate(path, chain, method);
      }
    }
    return templates.template(path, chain, method);
  }

  private String resolveApplicationPath(ContainerRequestContext request, HttpExchange exchange) {
    String path = application == null ? null : RouteTemplates.applicationPath(application.getClass());
    if (path != null) {
      applicationPath = path;
      return path;
    }
    String base = uriInfo.getBaseUri().getRawPath();
    String context = exchange.contextPath();
    path = context != null && base.startsWith(context) ? base.substring(context.length()) : base;
    for (String attribute : DISPATCHED) {
      if (request.getProperty(attribute) != null) {
        return path; // the container dispatched this request: its base may be another servlet's
      }
    }
    applicationPath = path;
    return path;
  }
}
