package com.compozy.monitoring.export;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Enumeration;

/** Adapts a Jakarta servlet request and response to client_java's exchange. */
final class ServletExchange implements PrometheusHttpExchange {
  private final Request request;
  private final Response response;

  ServletExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = new Request(request);
    this.response = new Response(response);
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return request;
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return response;
  }

  @Override
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {
    // the container completes the response
  }

  private record Request(HttpServletRequest servlet) implements PrometheusHttpRequest {
    @Override
    public String getQueryString() {
      return servlet.getQueryString();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return servlet.getHeaders(name);
    }

    @Override
    public String getMethod() {
      return servlet.getMethod();
    }

    @Override
    public String getRequestPath() {
      return servlet.getRequestURI();
    }

    @Override
    public String[] getParameterValues(String name) {
      return servlet.getParameterValues(name);
    }
  }

  private record Response(HttpServletResponse servlet) implements PrometheusHttpResponse {
    @Override
    public void setHeader(String name, String value) {
      servlet.setHeader(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) throws IOException {
      servlet.setStatus(statusCode);
      if (contentLength > 0) {
        servlet.setContentLength(contentLength);
      }
      return servlet.getOutputStream();
    }
  }
}
