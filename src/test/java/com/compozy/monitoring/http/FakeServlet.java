package com.compozy.monitoring.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.MappingMatch;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a servlet container for the HTTP filter: a request and a response backed by fields,
 * and an async context whose {@link Async#complete()} notifies its listeners as a container would.
 * Anything else the code under test calls fails loudly, so a new container call cannot go unnoticed.
 */
final class FakeServlet {
  private FakeServlet() {}

  static Request request(String method, String path) {
    return new Request(method, path);
  }

  static Response response() {
    return new Response();
  }

  @SuppressWarnings("unchecked")
  private static <T> T unsupported(Class<T> type) {
    return (T) Proxy.newProxyInstance(FakeServlet.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        });
  }

  /**
   * A request under the servlet mapping {@code /api/*} of the context {@code /ctx}; {@code path} is
   * relative to the context root. Its body is read either as bytes or as text, not both, as the
   * servlet specification says.
   */
  static final class Request extends HttpServletRequestWrapper {
    private final String method;
    private final String path;
    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private byte[] body = new byte[0];
    private long contentLength = -1;
    private String encoding;
    private String scheme = "http";
    private String protocol = "HTTP/1.1";
    private Async async;
    private boolean streamUsed;
    private BufferedReader reader;
    int setAttributeCalls;

    private Request(String method, String path) {
      super(unsupported(HttpServletRequest.class));
      this.method = method;
      this.path = path;
    }

    /** A body with a matching Content-Length. */
    Request body(String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
      contentLength = body.length;
      return this;
    }

    /** A chunked body: no Content-Length. */
    Request chunked(String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
      contentLength = -1;
      headers.put("Transfer-Encoding", "chunked");
      return this;
    }

    Request encoding(String encoding) {
      this.encoding = encoding;
      return this;
    }

    Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** As {@code http://localhost:8080/ctx<path>} over HTTP/1.1 unless {@link #over} says otherwise. */
    @Override
    public String getRequestURI() {
      return "/ctx" + path;
    }

    @Override
    public String getServerName() {
      return "localhost";
    }

    @Override
    public int getServerPort() {
      return 8080;
    }

    /** Scheme and protocol as the container reports them; {@code http} and {@code HTTP/1.1} by default. */
    Request over(String scheme, String protocol) {
      this.scheme = scheme;
      this.protocol = protocol;
      return this;
    }

    @Override
    public String getScheme() {
      return scheme;
    }

    @Override
    public String getProtocol() {
      return protocol;
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
      String value = headers.get(name);
      return java.util.Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public String getQueryString() {
      return null;
    }

    @Override
    public String getParameter(String name) {
      return null;
    }

    @Override
    public String[] getParameterValues(String name) {
      return null;
    }

    @Override
    public java.util.Enumeration<String> getHeaderNames() {
      return java.util.Collections.enumeration(headers.keySet());
    }

    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getContextPath() {
      return "/ctx";
    }

    @Override
    public String getServletPath() {
      return path.startsWith("/api/") || path.equals("/api") ? "/api" : path;
    }

    @Override
    public String getPathInfo() {
      return path.startsWith("/api/") ? path.substring("/api".length()) : null;
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
      return new HttpServletMapping() {
        @Override public String getMatchValue() {
          return "";
        }

        @Override public String getPattern() {
          return "/api/*";
        }

        @Override public String getServletName() {
          return "jaxrs";
        }

        @Override public MappingMatch getMappingMatch() {
          return MappingMatch.PATH;
        }
      };
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      setAttributeCalls++;
      attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }

    @Override
    public long getContentLengthLong() {
      return contentLength;
    }

    @Override
    public int getContentLength() {
      return (int) contentLength;
    }

    @Override
    public String getCharacterEncoding() {
      return encoding;
    }

    /** The container's own reader, decoding with the request's encoding, ISO-8859-1 by default. */
    @Override
    public BufferedReader getReader() {
      if (streamUsed) {
        throw new IllegalStateException("getInputStream() was called");
      }
      if (reader == null) {
        reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
            encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
      }
      return reader;
    }

    @Override
    public ServletInputStream getInputStream() {
      if (reader != null) {
        throw new IllegalStateException("getReader() was called");
      }
      streamUsed = true;
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override public int read() {
          return in.read();
        }

        @Override public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override public boolean isFinished() {
          return in.available() == 0;
        }

        @Override public boolean isReady() {
          return true;
        }

        @Override public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public boolean isAsyncStarted() {
      return async != null && !async.completed && !async.dispatched; // as the specification says
    }

    @Override
    public AsyncContext startAsync() {
      async = new Async(this, null);
      return async;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
      async = new Async(request, response);
      return async;
    }

    @Override
    public AsyncContext getAsyncContext() {
      if (async == null) {
        throw new IllegalStateException("not async");
      }
      return async;
    }
  }

  /** A response that keeps its status, headers and body bytes. */
  static final class Response extends HttpServletResponseWrapper {
    private final Map<String, String> headers = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;
    private boolean committed;
    private PrintWriter writer;

    private Response() {
      super(unsupported(HttpServletResponse.class));
    }

    byte[] body() {
      if (writer != null) {
        writer.flush();
      }
      return body.toByteArray();
    }

    void commit() {
      committed = true;
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public void setStatus(int status) {
      this.status = status;
    }

    @Override
    public boolean isCommitted() {
      return committed;
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void setContentLengthLong(long length) {
      headers.put("Content-Length", Long.toString(length));
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override public void write(int b) {
          body.write(b);
        }

        @Override public boolean isReady() {
          return true;
        }

        @Override public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
      }
      return writer;
    }
  }

  /** An async cycle; {@link #complete()} notifies the listeners once, as the container does. */
  static final class Async implements AsyncContext {
    private final ServletRequest request;
    private final ServletResponse response;
    final List<AsyncListener> listeners = new ArrayList<>();
    boolean completed;
    boolean dispatched;

    private Async(ServletRequest request, ServletResponse response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public void complete() {
      completed = true;
      for (AsyncListener listener : List.copyOf(listeners)) {
        try {
          listener.onComplete(new AsyncEvent(this, request, response));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    @Override
    public void addListener(AsyncListener listener) {
      listeners.add(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
      listeners.add(listener);
    }

    @Override public ServletRequest getRequest() {
      return request;
    }

    @Override public ServletResponse getResponse() {
      return response;
    }

    @Override public boolean hasOriginalRequestAndResponse() {
      return response == null;
    }

    /** Only marks the cycle dispatched; the test runs what the dispatch would. */
    @Override public void dispatch() {
      dispatched = true;
    }

    @Override public void dispatch(String path) {
      throw new UnsupportedOperationException();
    }

    @Override public void dispatch(ServletContext context, String path) {
      throw new UnsupportedOperationException();
    }

    @Override public void start(Runnable run) {
      throw new UnsupportedOperationException();
    }

    @Override public <T extends AsyncListener> T createListener(Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override public void setTimeout(long timeout) {
      throw new UnsupportedOperationException();
    }

    @Override public long getTimeout() {
      return 30_000;
    }
  }
}
