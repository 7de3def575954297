package com.compozy.monitoring.http;

import com.compozy.monitoring.service.MonitoringService;
import com.compozy.monitoring.testing.Scrape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP series' names and label sets, looked up through {@link Scrape}: a series that is not
 * exposed is a failure, never 0.
 */
final class Series {
  static final String REQUESTS = "compozy_http_requests_total";
  static final String DURATION = "compozy_http_request_duration_seconds";
  static final String REQUEST_SIZE = "compozy_http_request_size_bytes";
  static final String RESPONSE_SIZE = "compozy_http_response_size_bytes";
  static final String IN_FLIGHT = "compozy_http_requests_in_flight";

  private Series() {}

  /** The value of {@code name} with exactly {@code labels}, from {@link #route} or {@link #completed}. */
  static double value(MonitoringService service, String name, Map<String, String> labels) {
    return Scrape.of(service).value(name, labels);
  }

  /** Every sample of {@code name} as the text format writes it ({@code name{a="x"} 1.0}). */
  static List<String> lines(MonitoringService service, String name) {
    return Scrape.of(service).samples(name).stream().map(Scrape.Sample::toString).toList();
  }

  static Map<String, String> route(String method, String route) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("http_method", method);
    labels.put("http_route", route);
    return labels;
  }

  static Map<String, String> completed(String method, String route, int status) {
    Map<String, String> labels = route(method, route);
    labels.put("http_status_code", String.valueOf(status));
    return labels;
  }

  /** {@code labels} plus one more, for a histogram's {@code le}. */
  static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(name, value);
    return more;
  }
}
