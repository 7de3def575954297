package com.compozy.monitoring.it.mpmetrics;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.metrics.annotation.Counted;

/** A class-level annotation: each method is counted under {@code <class>.<method>}. */
@ApplicationScoped
@Counted
public class Audit {
  public void record() {}

  public void purge() {}
}
