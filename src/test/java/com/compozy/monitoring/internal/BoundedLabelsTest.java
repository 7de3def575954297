package com.compozy.monitoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.compozy.monitoring.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class BoundedLabelsTest {
  private final BoundedLabels labels = new BoundedLabels("dispatcher_id", 3);

  @Test
  void admitsUpToTheCapacityThenRecordsTheEmptyOverflowValue() {
    assertThat(labels.label("a")).isEqualTo("a");
    assertThat(labels.label("b")).isEqualTo("b");
    assertThat(labels.label("c")).isEqualTo("c");
    assertThat(labels.label("d")).isEqualTo(BoundedLabels.OVERFLOW).isEmpty();
    assertThat(labels.label("a")).isEqualTo("a");
  }

  @Test
  void aRealIdSpelledLikeAWordForOverflowKeepsItsOwnValue() {
    labels.label("a");
    labels.label("b");
    assertThat(labels.label("other")).isEqualTo("other");
    assertThat(labels.label("overflow")).isEqualTo(BoundedLabels.OVERFLOW);
    assertThat(labels.label("other")).isNotEqualTo(labels.label("overflow"));
  }

  @Test
  void nullAndEmptyAreNotIdsAndTakeNoSlot() {
    assertThat(labels.label(null)).isEqualTo(BoundedLabels.OVERFLOW);
    assertThat(labels.label("")).isEqualTo(BoundedLabels.OVERFLOW);
    assertThat(labels.label("a")).isEqualTo("a");
    assertThat(labels.label("b")).isEqualTo("b");
    assertThat(labels.label("c")).isEqualTo("c");
    assertThat(labels.label(" ")).isEqualTo(BoundedLabels.OVERFLOW);
  }

  @Test
  void valuesLongerThanTheLimitAreOverflowAndTakeNoSlot() {
    String longest = "x".repeat(BoundedLabels.MAX_LENGTH);
    assertThat(labels.label(longest + "y")).isEqualTo(BoundedLabels.OVERFLOW);
    assertThat(labels.label(longest)).isEqualTo(longest);
    assertThat(labels.label("b")).isEqualTo("b");
    assertThat(labels.label("c")).isEqualTo("c");
  }

  @Test
  void releaseFreesTheSlotForANewValue() {
    labels.label("a");
    labels.label("b");
    labels.label("c");
    assertThat(labels.label("d")).isEqualTo(BoundedLabels.OVERFLOW);

    assertThat(labels.release("b")).isTrue();
    assertThat(labels.release("b")).isFalse();
    assertThat(labels.release(null)).isFalse();
    assertThat(labels.isAdmitted("b")).isFalse();

    assertThat(labels.label("d")).isEqualTo("d");
    assertThat(labels.label("b")).isEqualTo(BoundedLabels.OVERFLOW);
  }

  @Test
  void theFirstRefusalIsLoggedAsAWarningNamingTheLabel() {
    labels.label("a");
    labels.label("b");
    labels.label("c");
    try (LogCapture log = LogCapture.of(BoundedLabels.class)) {
      labels.label("d");
      labels.label("e");
      assertThat(log.at(Level.WARNING)).singleElement()
          .satisfies(r -> assertThat(r.getMessage()).contains("dispatcher_id values beyond 3"));
      assertThat(log.at(Level.FINE)).hasSize(1);
    }
  }

  @Test
  void concurrentCallersNeverAdmitMoreThanTheCapacity() throws Exception {
    BoundedLabels shared = new BoundedLabels("memory_id", 50);
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Set<String> admitted = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 100; i++) {
            String label = shared.label("t" + thread + "-" + i);
            if (!label.isEmpty()) {
              admitted.add(label);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(admitted).hasSize(50).allSatisfy(id -> assertThat(shared.isAdmitted(id)).isTrue());
  }
}
