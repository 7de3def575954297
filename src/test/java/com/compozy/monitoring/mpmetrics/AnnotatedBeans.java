package com.compozy.monitoring.mpmetrics;

import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.eclipse.microprofile.metrics.annotation.Timed;

/** The specification's naming example, top-level so that canonical names read as in the spec. */
class Colours {
  @Counted
  public void red() {}

  @Counted(name = "blueCount")
  public void blue() {}

  @Counted(name = "greenCount", absolute = true)
  public void green() {}

  @Counted(absolute = true)
  public void yellow() {}

  @Counted(name = "tagged", absolute = true, tags = {"colour=white", "shade=light"}, description = "White ones")
  public void white() {}

  public void uncounted() {}
}

@Counted
class CountedType {
  CountedType() {}

  public void first() {}

  @Counted(name = "special")
  public void second() {}

  private void hidden() {}
}

@Counted(name = "jobs")
class NamedCountedType {
  public void run() {}
}

@Timed(absolute = true)
class AbsoluteTimedType {
  public void run() {}
}

@Timed(name = "batch", absolute = true)
class NamedAbsoluteTimedType {
  public void run() {}
}

class TimedMethods {
  @Timed
  public void work() {}

  @Timed(name = "audit", absolute = true, scope = "audit")
  public void audited() {}
}

class GaugeBean {
  private long depth = 3;

  void depth(long value) {
    depth = value;
  }

  @Gauge(unit = MetricUnits.NONE)
  public long queueDepth() {
    return depth;
  }

  @Gauge(name = "pool.free", absolute = true, unit = MetricUnits.PERCENT, tags = "pool=main")
  double free() {
    return 42.5;
  }
}
