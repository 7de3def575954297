package com.compozy.monitoring.it.app;

import com.compozy.monitoring.service.Monitoring;
import com.compozy.monitoring.service.MonitoringService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What a user writes: inject the meter, make a counter, count. */
@Path("clicks")
@ApplicationScoped
public class ClicksResource {
  @Inject Meter meter;
  @Inject @Monitoring Meter qualifiedMeter;
  @Inject MonitoringService service;
  @Inject BeanManager beans;

  private LongCounter clicks;

  @PostConstruct
  void init() {
    clicks = meter.counterBuilder("compozy_it_clicks").setDescription("Clicks by button").build();
  }

  @POST
  @Path("{button}")
  @Produces(MediaType.TEXT_PLAIN)
  public String click(@PathParam("button") String button) {
    clicks.add(1, Attributes.of(AttributeKey.stringKey("button"), button));
    return "ok";
  }

  @GET
  @Path("state")
  @Produces(MediaType.TEXT_PLAIN)
  public String state() {
    return "initialized=" + service.isInitialized()
        + " sameMeter=" + (meter == qualifiedMeter && meter == service.meter())
        + " error=" + service.initializationError().map(Throwable::getMessage).orElse("none");
  }

  /** How many beans offer an unqualified {@code Meter}: 2 where the runtime brings its own. */
  @GET
  @Path("meter-beans")
  @Produces(MediaType.TEXT_PLAIN)
  public String meterBeans() {
    return String.valueOf(beans.getBeans(Meter.class).size());
  }

  @POST
  @Path("global")
  @Produces(MediaType.TEXT_PLAIN)
  public String setAsGlobal() {
    return String.valueOf(service.setAsGlobal());
  }
}
