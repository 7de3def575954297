package com.compozy.demo;

import com.compozy.monitoring.dispatcher.DispatcherHealthRegistry;
import com.compozy.monitoring.dispatcher.DispatcherMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A long-running dispatcher that heartbeats; pausing it lets the heartbeat go stale, which turns
 * {@code /health/ready} DOWN once the threshold passes.
 */
@ApplicationScoped
public class Dispatcher {
  static final String ID = "dispatcher-1";

  @Inject DispatcherHealthRegistry health;
  @Inject DispatcherMetrics lifecycle;

  @Inject
  @ConfigProperty(name = "demo.dispatcher.stale-after-seconds", defaultValue = "10")
  long staleAfterSeconds;

  private ScheduledExecutorService heartbeats;
  private volatile boolean paused;

  @PostConstruct
  void start() {
    health.register(ID, Duration.ofSeconds(staleAfterSeconds));
    lifecycle.start(ID);
    heartbeats = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "demo-dispatcher"));
    heartbeats.scheduleAtFixedRate(this::beat, 1, 2, TimeUnit.SECONDS);
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // created with the application, not at the first request
  }

  private void beat() {
    if (!paused) {
      health.heartbeat(ID);
      lifecycle.heartbeat(ID);
    }
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    beat();
  }

  boolean paused() {
    return paused;
  }

  @PreDestroy
  void stop() {
    heartbeats.shutdownNow();
    lifecycle.stop(ID);
    health.unregister(ID);
  }
}
