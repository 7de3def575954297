package com.compozy.monitoring.it.http;

import com.compozy.monitoring.http.HttpMetricsFilter;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** No {@code @ApplicationPath}: {@code web.xml} maps it to {@code /mapped/*}. */
public class MappedApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(UsersResource.class, HttpMetricsFilter.class);
  }
}
