package com.compozy.monitoring.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The JAX-RS runtime as far as {@link HttpMetricsFilter} sees it: deployment registers the
 * per-method route filter through the {@code DynamicFeature}; a matched request runs it, the shared
 * request filter and the response filter, an unmatched one (404/405 from routing, or an automatic
 * {@code OPTIONS} that no method matched) only the response filter. Request properties are the
 * servlet request's attributes, as in a servlet container. The application is at {@code /api} of the
 * context {@code /ctx} by its base URI (no {@code @ApplicationPath}).
 */
final class FakeJaxrs {
  private final HttpMetricsFilter filter;
  private final List<ContainerRequestFilter> routeFilters = new ArrayList<>();
  private Class<?> resourceClass;
  private Method resourceMethod;
  private List<Object> matchedResources = List.of();
  /** What {@link UriInfo#getBaseUri()} answers; a forwarded request may see another. */
  URI baseUri = URI.create("http://localhost/ctx/api/");

  /** Deploys {@code resource}'s resource method {@code method} (a root resource: class-level {@code @Path}). */
  FakeJaxrs(Class<?> resource, String method) throws NoSuchMethodException {
    this(resource, resource.getMethod(method));
    deploy(resource, resourceMethod);
    if (routeFilters.isEmpty()) {
      throw new IllegalStateException("no route filter registered for " + resourceMethod);
    }
  }

  /** A runtime where {@code method} of {@code resource} matches, without deploying anything yet. */
  FakeJaxrs(Class<?> resource, Method method) {
    this.resourceClass = resource;
    this.resourceMethod = method;
    ResourceInfo info = proxy(ResourceInfo.class, (name, args) -> switch (name) {
      case "getResourceClass" -> resourceClass;
      case "getResourceMethod" -> resourceMethod;
      default -> throw new UnsupportedOperationException(name);
    });
    UriInfo uriInfo = proxy(UriInfo.class, (name, args) -> switch (name) {
      case "getBaseUri" -> baseUri;
      case "getMatchedResources" -> matchedResources;
      default -> throw new UnsupportedOperationException(name);
    });
    filter = new HttpMetricsFilter(info, uriInfo);
  }

  /**
   * The runtime's {@code DynamicFeature} call for one resource method; a class a locator also returns
   * gets a second call, for the locator's way in. Returns how many route filters are registered.
   */
  int deploy(Class<?> resource, Method method) {
    ResourceInfo info = proxy(ResourceInfo.class, (name, args) -> switch (name) {
      case "getResourceClass" -> resource;
      case "getResourceMethod" -> method;
      default -> throw new UnsupportedOperationException(name);
    });
    FeatureContext context = proxy(FeatureContext.class, (name, args) -> {
      if (name.equals("register") && args[0] instanceof ContainerRequestFilter f) {
        routeFilters.add(f);
        return null;
      }
      throw new UnsupportedOperationException(name);
    });
    filter.configure(info, context);
    return routeFilters.size();
  }

  /** The next requests match {@code method}, reached through {@code matched} (current resource first). */
  FakeJaxrs matching(Class<?> resource, Method method, Object... matched) {
    resourceClass = resource;
    resourceMethod = method;
    matchedResources = List.of(matched);
    return this;
  }

  /** Runs a matched request's filters on {@code request} (the request the servlet chain passed on). */
  void matched(HttpServletRequest request) throws IOException {
    route(request);
    unmatched(request);
  }

  /** Only the request filters: the resource method then throws an exception no mapper handles. */
  void route(HttpServletRequest request) throws IOException {
    ContainerRequestContext context = context(request);
    for (ContainerRequestFilter routeFilter : routeFilters) {
      routeFilter.filter(context);
    }
    filter.filter(context);
  }

  /** A request through a locator: the root's route filter is not bound to it, the shared one runs. */
  void matchedThroughLocator(HttpServletRequest request) {
    filter.filter(context(request));
    unmatched(request);
  }

  /** A request no resource matched: only the response filter runs (also the second half of {@link #matched}). */
  void unmatched(HttpServletRequest request) {
    filter.filter(context(request), proxy(ContainerResponseContext.class, (name, args) -> {
      throw new UnsupportedOperationException(name);
    }));
  }

  private static ContainerRequestContext context(HttpServletRequest request) {
    return proxy(ContainerRequestContext.class, (name, args) -> switch (name) {
      case "getProperty" -> request.getAttribute((String) args[0]);
      case "setProperty" -> {
        request.setAttribute((String) args[0], args[1]);
        yield null;
      }
      default -> throw new UnsupportedOperationException(name);
    });
  }

  interface Handler {
    Object invoke(String method, Object[] args) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Handler handler) {
    return (T) Proxy.newProxyInstance(FakeJaxrs.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> handler.invoke(method.getName(), args));
  }
}
