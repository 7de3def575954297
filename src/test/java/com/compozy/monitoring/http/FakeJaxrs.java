package com.compozy.monitoring.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The JAX-RS runtime as far as {@link HttpMetricsFilter} sees it: deployment registers the
 * per-method route filter through the {@code DynamicFeature}; a matched request runs it and the
 * response filter, an unmatched one (404/405 from routing) only the response filter. Request
 * properties are the servlet request's attributes, as in a servlet container.
 */
final class FakeJaxrs {
  private final HttpMetricsFilter filter = new HttpMetricsFilter();
  private final ContainerRequestFilter routeFilter;

  /** Deploys {@code resource}'s resource method {@code method} (a root resource: class-level {@code @Path}). */
  FakeJaxrs(Class<?> resource, String method) throws NoSuchMethodException {
    Method resourceMethod = resource.getMethod(method);
    ResourceInfo info = proxy(ResourceInfo.class, (name, args) -> switch (name) {
      case "getResourceClass" -> resource;
      case "getResourceMethod" -> resourceMethod;
      default -> throw new UnsupportedOperationException(name);
    });
    ContainerRequestFilter[] registered = new ContainerRequestFilter[1];
    FeatureContext context = proxy(FeatureContext.class, (name, args) -> {
      if (name.equals("register") && args[0] instanceof ContainerRequestFilter f) {
        registered[0] = f;
        return null;
      }
      throw new UnsupportedOperationException(name);
    });
    filter.configure(info, context);
    if (registered[0] == null) {
      throw new IllegalStateException("no route filter registered for " + resourceMethod);
    }
    routeFilter = registered[0];
  }

  /** Runs a matched request's filters on {@code request} (the request the servlet chain passed on). */
  void matched(HttpServletRequest request) throws IOException {
    route(request);
    unmatched(request);
  }

  /** Only the request filter: the resource method then throws an exception no mapper handles. */
  void route(HttpServletRequest request) throws IOException {
    routeFilter.filter(context(request));
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
