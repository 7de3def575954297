package com.compozy.monitoring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small blocking HTTP client for the integration tests. HTTP/1.1, as Prometheus and most clients
 * speak it: the JDK client's default upgrade to h2c left an HTTP/2 connection open whose Liberty side
 * kept the last undeployed application of RedeployIT loaded.
 */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  public static HttpResponse<String> get(URL base, String path, String... headers) {
    return send(base, "GET", path, headers);
  }

  public static HttpResponse<String> send(URL base, String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(resolve(base, path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> post(URL base, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(resolve(base, path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<byte[]> getBytes(URL base, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(resolve(base, path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code base} is the deployment's URL (ending in the context root and a slash). */
  public static URI resolve(URL base, String path) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    return URI.create(root + (path.startsWith("/") ? path.substring(1) : path));
  }
}
