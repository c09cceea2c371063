package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntraOpPoolTest {
  private final int savedThreads = IntraOpPool.numThreads();

  @AfterEach
  void restoreThreads() {
    IntraOpPool.setNumThreads(savedThreads);
  }

  private static void coversEachIndexOnce(int n, int minChunk) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    IntraOpPool.parallelFor(n, minChunk, (s, e) -> {
      assertThat(e - s).isGreaterThanOrEqualTo(Math.min(n, Math.max(1, minChunk)));
      for (int i = s; i < e; i++) {
        hits.incrementAndGet(i);
      }
    });
    for (int i = 0; i < n; i++) {
      assertThat(hits.get(i)).as("n=%d minChunk=%d index %d", n, minChunk, i).isEqualTo(1);
    }
  }

  @Test
  void coversEveryIndexExactlyOnce() {
    for (int t : new int[] {1, 2, 3, 8}) {
      IntraOpPool.setNumThreads(t);
      for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000, 4097}) {
        for (int minChunk : new int[] {0, 1, 3, 100}) {
          coversEachIndexOnce(n, minChunk);
        }
      }
    }
  }

  @Test
  void manyBackToBackCallsComplete() {
    IntraOpPool.setNumThreads(4);
    for (int rep = 0; rep < 20_000; rep++) {
      coversEachIndexOnce(16, 1);
    }
  }

  @Test
  void chunkBoundariesDependOnlyOnArguments() {
    IntraOpPool.setNumThreads(3);
    List<List<Integer>> seen = new ArrayList<>();
    for (int rep = 0; rep < 50; rep++) {
      List<Integer> starts = Collections.synchronizedList(new ArrayList<>());
      IntraOpPool.parallelFor(1000, 10, (s, e) -> starts.add(s));
      Collections.sort(starts);
      seen.add(starts);
    }
    assertThat(seen.getFirst()).containsExactly(0, 333, 666);
    assertThat(seen).allSatisfy(s -> assertThat(s).isEqualTo(seen.getFirst()));
  }

  @Test
  void runsInlineBelowTwoChunksOrOnOneThread() {
    IntraOpPool.setNumThreads(2);
    Thread caller = Thread.currentThread();
    IntraOpPool.parallelFor(19, 10, (s, e) -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      assertThat(s).isZero();
      assertThat(e).isEqualTo(19);
    });
    IntraOpPool.setNumThreads(1);
    IntraOpPool.parallelFor(1000, 1, (s, e) -> assertThat(e - s).isEqualTo(1000));
  }

  @Test
  void usesOtherThreads() {
    IntraOpPool.setNumThreads(2);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    for (int rep = 0; rep < 200 && threads.size() < 2; rep++) {
      IntraOpPool.parallelFor(2, 1, (s, e) -> {
        threads.add(Thread.currentThread());
        long until = System.nanoTime() + 200_000;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
    }
    assertThat(threads).hasSize(2);
  }

  @Test
  void anInterruptedWorkerParksAgainInsteadOfSpinning() throws Exception {
    IntraOpPool.setNumThreads(2);
    coversEachIndexOnce(1000, 1);
    List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("shinso-intraop-")).toList();
    assertThat(workers).isNotEmpty();
    workers.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && !workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
      Thread.sleep(10);
    }
    assertThat(workers).allMatch(t -> t.getState() == Thread.State.WAITING, "parked");
    coversEachIndexOnce(1000, 1);
  }

  @Test
  void nestedCallsRunInlineAndComplete() {
    IntraOpPool.setNumThreads(3);
    AtomicIntegerArray hits = new AtomicIntegerArray(30 * 40);
    IntraOpPool.parallelFor(30, 1, (s, e) -> {
      for (int i = s; i < e; i++) {
        int row = i;
        IntraOpPool.parallelFor(40, 1, (s2, e2) -> {
          for (int j = s2; j < e2; j++) {
            hits.incrementAndGet(row * 40 + j);
          }
        });
      }
    });
    for (int i = 0; i < hits.length(); i++) {
      assertThat(hits.get(i)).isEqualTo(1);
    }
  }

  @Test
  void exceptionsReachTheCallerAndThePoolStaysUsable() {
    IntraOpPool.setNumThreads(2);
    for (int failing : new int[] {0, 999}) {
      assertThatThrownBy(() -> IntraOpPool.parallelFor(1000, 1, (s, e) -> {
        if (s <= failing && failing < e) {
          throw new IllegalStateException("boom at " + failing);
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("boom at " + failing);
    }
    assertThatThrownBy(() -> IntraOpPool.parallelFor(10, 1, (s, e) -> {
      throw new AssertionError("both");
    })).isInstanceOf(AssertionError.class);
    coversEachIndexOnce(1000, 1);
  }

  @Test
  void concurrentCallersBothFinish() throws Exception {
    IntraOpPool.setNumThreads(2);
    Thread other = new Thread(() -> {
      for (int rep = 0; rep < 2000; rep++) {
        coversEachIndexOnce(100, 1);
      }
    });
    other.start();
    for (int rep = 0; rep < 2000; rep++) {
      coversEachIndexOnce(100, 1);
    }
    other.join();
  }

  @Test
  void setNumThreadsValidatesAndApplies() {
    IntraOpPool.setNumThreads(5);
    assertThat(IntraOpPool.numThreads()).isEqualTo(5);
    assertThatThrownBy(() -> IntraOpPool.setNumThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    assertThat(IntraOpPool.numThreads()).isEqualTo(5);
    Set<Integer> starts = ConcurrentHashMap.newKeySet();
    IntraOpPool.parallelFor(100, 1, (s, e) -> starts.add(s));
    assertThat(starts).containsExactlyInAnyOrder(0, 20, 40, 60, 80);
  }

  @Test
  void chunkCountFollowsTheRule() {
    assertThat(IntraOpPool.chunkCount(100, 50, 4)).isEqualTo(2);
    assertThat(IntraOpPool.chunkCount(99, 50, 4)).isEqualTo(1);
    assertThat(IntraOpPool.chunkCount(1000, 1, 4)).isEqualTo(4);
    assertThat(IntraOpPool.chunkCount(1000, 1, 1)).isEqualTo(1);
    assertThat(IntraOpPool.chunkCount(5, 0, 8)).isEqualTo(5);
  }

  @Test
  void theEnvironmentVariableIsIgnoredWithAWarningWhenItIsNotAPositiveInteger() {
    for (String bad : new String[] {"abc", "0", "-3", "2.5"}) {
      List<String> warnings = new ArrayList<>();
      assertThat(IntraOpPool.threadsFrom(bad, 4, warnings::add)).as(bad).isEqualTo(4);
      assertThat(warnings).singleElement().asString().contains("SHINSO_NUM_THREADS='" + bad + "'").contains("4 threads");
    }
    List<String> none = new ArrayList<>();
    assertThat(IntraOpPool.threadsFrom(null, 4, none::add)).isEqualTo(4);
    assertThat(IntraOpPool.threadsFrom(" 3 ", 4, none::add)).isEqualTo(3);
    assertThat(none).isEmpty();
  }

  @Test
  void requestsBeyondSixteenThreadsPerCoreAreCappedWithAWarning() {
    List<String> warnings = new ArrayList<>();
    assertThat(IntraOpPool.threadsFrom("2000000000", 2, warnings::add)).isEqualTo(32);
    assertThat(IntraOpPool.capped(32, 2, warnings::add)).isEqualTo(32);
    assertThat(warnings).singleElement().asString().contains("2000000000 threads requested; using 32");
    IntraOpPool.setNumThreads(Integer.MAX_VALUE);
    assertThat(IntraOpPool.numThreads()).isEqualTo(IntraOpPool.MAX_PER_CORE * Runtime.getRuntime().availableProcessors());
  }
}
