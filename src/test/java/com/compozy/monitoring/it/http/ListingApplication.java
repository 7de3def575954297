package com.compozy.monitoring.it.http;

import com.compozy.monitoring.http.HttpMetricsFilter;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Lists its classes (no scanning) and registers the filter twice: once as a class, once as an instance. */
@ApplicationPath("/listed")
public class ListingApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(UsersResource.class, HttpMetricsFilter.class);
  }

  @Override
  public Set<Object> getSingletons() {
    return Set.of(new HttpMetricsFilter());
  }
}
