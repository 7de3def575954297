package com.compozy.monitoring.http;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import java.util.List;

/**
 * Values of exposed series, read from a Prometheus text scrape as a user's query would see them. A
 * series that is not exposed is a failure, never 0.
 */
final class Series {
  static final String REQUESTS = "compozy_http_requests_total";
  static final String DURATION = "compozy_http_request_duration_seconds";
  static final String REQUEST_SIZE = "compozy_http_request_size_bytes";
  static final String RESPONSE_SIZE = "compozy_http_response_size_bytes";
  static final String IN_FLIGHT = "compozy_http_requests_in_flight";

  private Series() {}

  /** The value of {@code name{labels}}, {@code labels} as exposed ({@code a="x",b="y"}). */
  static double value(MonitoringService service, String name, String labels) {
    String prefix = name + "{" + labels + "} ";
    List<String> lines = Scrape.text(service).lines().toList();
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim());
      }
    }
    throw new AssertionError("no series " + prefix.trim() + " in:\n"
        + String.join("\n", lines.stream().filter(l -> l.startsWith(name)).toList()));
  }

  /** The sample lines of {@code name} (for a histogram, its {@code _bucket}, {@code _count}, {@code _sum}). */
  static List<String> lines(MonitoringService service, String name) {
    return Scrape.text(service).lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + "_")
        || l.startsWith(name + " ")).toList();
  }

  /** {@code http_method="GET",http_route="..."}. */
  static String route(String method, String route) {
    return "http_method=\"" + method + "\",http_route=\"" + route + "\"";
  }

  /** {@code http_method="GET",http_route="...",http_status_code="200"}. */
  static String completed(String method, String route, int status) {
    return route(method, route) + ",http_status_code=\"" + status + "\"";
  }
}
