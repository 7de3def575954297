package com.compozy.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.testing.LogCapture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every feature relies on: recording code never throws into the application. */
class GuardedRecorderTest {
  /** The guard logs to its owner's logger; this test class owns it, so nothing else logs there. */
  private final GuardedRecorder guard = new GuardedRecorder(GuardedRecorderTest.class);
  private final LogCapture log = LogCapture.of(GuardedRecorderTest.class);

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void aFailingActionIsLoggedOnceAtWarningThenAtFineAndNeverThrown() {
    IllegalStateException failure = new IllegalStateException("instrument broken");
    for (int i = 0; i < 3; i++) {
      guard.run("recording x", () -> {
        throw failure;
      });
    }

    assertThat(log.at(Level.WARNING)).singleElement().satisfies(r -> {
      assertThat(r.getMessage()).isEqualTo("Monitoring: recording x failed (0 similar failures since the last"
          + " warning; further ones within a minute are logged at FINE)");
      assertThat(r.getThrown()).isSameAs(failure);
    });
    assertThat(log.at(Level.FINE)).hasSize(2).allSatisfy(r -> {
      assertThat(r.getMessage()).isEqualTo("recording x failed");
      assertThat(r.getThrown()).isSameAs(failure);
    });
  }

  @Test
  void getGivesTheFallbackWhenTheActionFails() {
    assertThat(guard.get("reading", () -> 7, -1)).isEqualTo(7);
    assertThat(guard.<Integer>get("reading", () -> {
      throw new IllegalStateException("no");
    }, -1)).isEqualTo(-1);
    assertThat(log.at(Level.WARNING)).hasSize(1);
  }

  @Test
  void aFailureCaughtElsewhereIsThrottledWithTheOthers() {
    guard.failed("closing", new IllegalStateException("first"));
    guard.run("recording", () -> {
      throw new IllegalStateException("second");
    });

    assertThat(log.records()).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.FINE);
    assertThat(log.at(Level.FINE).get(0).getMessage()).isEqualTo("recording failed");
  }

  @Test
  void afterCloseNothingRunsAndCloseIsTrueOnlyTheFirstTime() {
    AtomicInteger runs = new AtomicInteger();
    guard.run("before", runs::incrementAndGet);

    assertThat(guard.close()).isTrue();
    assertThat(guard.close()).isFalse();
    assertThat(guard.isClosed()).isTrue();
    guard.run("after", runs::incrementAndGet);
    assertThat(guard.get("after", runs::incrementAndGet, -1)).isEqualTo(-1);

    assertThat(runs).hasValue(1);
    assertThat(log.records()).isEmpty();
  }

  @Test
  void errorsAreNotSwallowed() {
    // only RuntimeExceptions are the instrument's problem; an Error must reach the caller
    AssertionError error = new AssertionError("bug");
    try {
      guard.run("recording", () -> {
        throw error;
      });
    } catch (AssertionError thrown) {
      assertThat(thrown).isSameAs(error);
      return;
    }
    throw new AssertionError("the Error was swallowed");
  }
}
