package com.compozy.monitoring.http;

import com.compozy.monitoring.internal.ThrottledLog;
import jakarta.annotation.Priority;
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
 * through sub-resource locators.
 */
@Provider
@Priority(HttpMetricsFilter.PRIORITY) // before authentication filters, so a request they reject keeps its route
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter, DynamicFeature {
  static final int PRIORITY = 10;
  private static final ThrottledLog LOG = new ThrottledLog(HttpMetricsFilter.class);

  private final RouteTemplates templates = new RouteTemplates();
  private volatile String applicationPath;

  @Context private ResourceInfo resourceInfo;
  @Context private UriInfo uriInfo;
  @Context private Application application;

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      HttpExchange exchange = unmatched(request);
      if (exchange == null) {
        return;
      }
      Method method = resourceInfo.getResourceMethod();
      if (method != null) {
        exchange.matched(templates.template(applicationPath(exchange), chain(), method));
      }
    } catch (RuntimeException e) {
      LOG.warn("Failed to resolve the HTTP route", e);
    }
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    try {
      Class<?> resourceClass = resource.getResourceClass();
      Method method = resource.getResourceMethod();
      if (resourceClass != null && method != null && templates.isRootResource(resourceClass)) {
        context.register(new MethodRouteFilter(resourceClass, method), PRIORITY - 1);
      }
    } catch (RuntimeException e) {
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
    if (templates.isRootResource(resource)) {
      return List.of(resource); // the common case: no sub-resource locator, no need to ask UriInfo
    }
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
   * route is resolved at the first request (the application path may come from the servlet mapping)
   * and then reused, so that a request costs no lookup.
   */
  private final class MethodRouteFilter implements ContainerRequestFilter {
    private final List<Class<?>> chain;
    private final Method method;
    // the route in the metrics of the last request; one application has one, so it is resolved once
    private volatile HttpMetrics.Route route;

    MethodRouteFilter(Class<?> resource, Method method) {
      this.chain = List.of(resource);
      this.method = method;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      try {
        HttpExchange exchange = unmatched(request);
        if (exchange != null) {
          exchange.matched(route(exchange));
        }
      } catch (RuntimeException e) {
        LOG.warn("Failed to label the HTTP route", e);
      }
    }

    private HttpMetrics.Route route(HttpExchange exchange) {
      HttpMetrics.Route resolved = route;
      if (resolved == null || !exchange.recordsInto(resolved)) {
        resolved = exchange.route(templates.template(applicationPath(exchange), chain, method));
        route = resolved;
      }
      return resolved;
    }
  }

  /** The request's exchange if the servlet filter opened one and no route filter labelled it yet. */
  private static HttpExchange unmatched(ContainerRequestContext request) {
    return request.getProperty(HttpExchange.ATTRIBUTE) instanceof HttpExchange exchange && !exchange.isMatched()
        ? exchange : null;
  }

  private String applicationPath(HttpExchange exchange) {
    String path = applicationPath;
    if (path == null) {
      path = application == null ? null : RouteTemplates.applicationPath(application.getClass());
      if (path == null) {
        path = exchange.servletMappingPrefix();
      }
      applicationPath = path;
    }
    return path;
  }
}
