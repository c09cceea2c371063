package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpRingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static float[] input(int rank, int length) {
    SplittableRandom random = new SplittableRandom(1234 + rank);
    float[] x = new float[length + 3]; // a margin either side checks that offset and length are kept
    for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
    return x;
  }

  /** Chunk c's sum as the ring forms it: rank c's value first, then c + 1, c + 2, ... around the ring. */
  private static float[] ringOrderSum(int n, int length) {
    float[][] in = new float[n][];
    for (int r = 0; r < n; r++) in[r] = input(r, length);
    float[] sum = input(0, length);
    for (int c = 0; c < n; c++) {
      for (int i = Chunks.start(length, n, c); i < Chunks.start(length, n, c) + Chunks.size(length, n, c); i++) {
        float s = in[c][1 + i];
        for (int k = 1; k < n; k++) s += in[(c + k) % n][1 + i];
        sum[1 + i] = s;
      }
    }
    return sum;
  }

  @ParameterizedTest(name = "N = {0}, length {1}")
  @CsvSource({"2,0", "2,1", "2,1000", "2,1000003", "3,0", "3,1", "3,2", "3,1000", "3,1000003", "4,1", "4,3",
      "4,1000", "4,1000003"})
  void allReduceSumsInRingOrderAndEveryRankGetsTheSameBits(int n, int length) {
    List<float[]> results = LocalRanks.values(LocalRanks.run(n, TIMEOUT, g -> {
      float[] x = input(g.rank(), length);
      g.allReduceSum(x, 1, length);
      return x;
    }));
    float[] expected = ringOrderSum(n, length);
    for (int r = 0; r < n; r++) {
      float[] got = results.get(r);
      assertThat(got[0]).as("before the range").isEqualTo(input(r, length)[0]);
      assertThat(got[length + 1]).as("after the range").isEqualTo(input(r, length)[length + 1]);
      float[] inner = java.util.Arrays.copyOfRange(got, 1, length + 1);
      assertThat(inner).as("rank %d", r).isEqualTo(java.util.Arrays.copyOfRange(expected, 1, length + 1));
    }
    // Also against the plain sum over ranks in rank order: equal up to rounding.
    double worst = 0;
    float[][] in = new float[n][];
    for (int r = 0; r < n; r++) in[r] = input(r, length);
    for (int i = 0; i < length; i++) {
      double plain = 0;
      for (int r = 0; r < n; r++) plain += in[r][1 + i];
      worst = Math.max(worst, Math.abs(plain - results.get(0)[1 + i]));
    }
    assertThat(worst).isLessThan(1e-5);
  }

  @ParameterizedTest(name = "N = {0}, root {1}")
  @CsvSource({"2,1", "3,2", "4,1", "4,0"})
  void broadcastCopiesTheRootsDataAndRepeatedCallsReuseTheRing(int n, int root) {
    int length = 300_001;
    List<float[]> results = LocalRanks.values(LocalRanks.run(n, TIMEOUT, g -> {
      float[] x = null;
      for (int rep = 0; rep < 5; rep++) { // five rounds on the same connections
        x = input(g.rank() + 10 * rep, length);
        g.broadcast(x, 1, length, root);
        g.allReduceSum(x, 0, 7);
      }
      return x;
    }));
    float[] want = input(root + 40, length);
    for (int r = 0; r < n; r++) {
      assertThat(java.util.Arrays.copyOfRange(results.get(r), 7, length + 1))
          .isEqualTo(java.util.Arrays.copyOfRange(want, 7, length + 1));
      assertThat(results.get(r)[length + 1]).isEqualTo(input(r + 40, length)[length + 1]);
    }
  }

  @Test
  void allGatherReturnsEveryRanksValueInRankOrder() {
    List<long[]> got = LocalRanks.values(LocalRanks.run(3, TIMEOUT, g -> {
      g.barrier();
      return g.allGather(Long.MIN_VALUE + 17L * g.rank());
    }));
    for (long[] v : got) assertThat(v).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE + 17, Long.MIN_VALUE + 34);
  }

  @Test
  void aGroupOfOneLeavesTheDataAlone() {
    List<float[]> got = LocalRanks.values(LocalRanks.run(1, TIMEOUT, g -> {
      float[] x = {1, 2, 3};
      g.allReduceSum(x, 0, 3);
      g.broadcast(x, 0, 3, 0);
      assertThat(g.allGather(5)).containsExactly(5);
      return x;
    }));
    assertThat(got.getFirst()).containsExactly(1, 2, 3);
  }

  @Test
  void aRankThatNeverCallsAllReduceIsNamedByEveryOtherRankWithinTheTimeout() {
    Duration shortTimeout = Duration.ofMillis(800);
    long start = System.nanoTime();
    var outcomes = LocalRanks.run(3, shortTimeout, g -> {
      float[] x = new float[100_000];
      if (g.rank() == 2) {
        Thread.sleep(6000); // never calls all-reduce in time
        return null;
      }
      g.allReduceSum(x, 0, x.length);
      return null;
    });
    for (int r = 0; r < 2; r++) {
      Throwable e = outcomes.get(r).error();
      assertThat(e).as("rank %d", r).isInstanceOf(PeerFailedException.class)
          .hasMessageContaining("all-reduce: rank 2 (127.0.0.1:").hasMessageContaining("sent nothing for");
      assertThat(((PeerFailedException) e).rank()).isEqualTo(2);
    }
    assertThat(outcomes.get(2).error()).isNull();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
  }

  @Test
  void aRankThatClosesMidOperationMakesTheOthersFailFastNamingIt() {
    long[] failedAfter = new long[4];
    var outcomes = LocalRanks.run(4, Duration.ofSeconds(30), g -> {
      float[] x = new float[2_000_000];
      g.allReduceSum(x, 0, x.length);
      if (g.rank() == 1) {
        g.close();
        return null;
      }
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < 3; i++) g.allReduceSum(x, 0, x.length);
      } finally {
        failedAfter[g.rank()] = System.nanoTime() - t0;
      }
      return null;
    });
    for (int r : new int[] {0, 2, 3}) {
      Throwable e = outcomes.get(r).error();
      assertThat(e).as("rank %d", r).isInstanceOf(PeerFailedException.class)
          .hasMessageContaining("rank 1 (127.0.0.1:").hasMessageContaining("closed its connection");
      assertThat(failedAfter[r] / 1e9).as("seconds until rank %d failed", r).isLessThan(5);
    }
  }

  @Test
  void afterAnErrorTheGroupRefusesEveryCall() {
    var outcomes = LocalRanks.run(2, Duration.ofMillis(500), g -> {
      float[] x = new float[10];
      if (g.rank() == 1) return null; // closes at once
      assertThatThrownBy(() -> g.allReduceSum(x, 0, 10)).isInstanceOf(PeerFailedException.class);
      assertThatThrownBy(() -> g.broadcast(x, 0, 10, 0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("failed earlier");
      return null;
    });
    assertThat(outcomes.get(0).error()).isNull();
  }

  @Test
  void mismatchedCollectivesFailWithBothDescriptions() {
    var outcomes = LocalRanks.run(2, Duration.ofSeconds(5), g -> {
      float[] x = new float[10];
      g.allReduceSum(x, 0, g.rank() == 0 ? 10 : 9);
      return null;
    });
    assertThat(outcomes.get(0).error()).hasMessageContaining("all-reduce #1 of 9 floats")
        .hasMessageContaining("this rank is in all-reduce #1 of 10 floats");
  }

  @Test
  void aRankWithTheAddressesInAnotherOrderFailsEveryRank() {
    var outcomes = LocalRanks.run(3, Duration.ofSeconds(2), (rank, peers) -> {
      if (rank != 0) return peers;
      List<java.net.InetSocketAddress> swapped = new java.util.ArrayList<>(peers);
      java.util.Collections.swap(swapped, 1, 2); // rank 0 connects to rank 2 believing it is rank 1
      return swapped;
    }, g -> {
      // Rank 2's own handshakes can succeed (rank 1 before it, rank 0 after it, as expected); it learns
      // of the others' failure at its first collective, as any real use would.
      g.barrier();
      return null;
    });
    for (var o : outcomes) assertThat(o.error()).isInstanceOf(IllegalStateException.class);
    // Which rank notices first depends on the order the connections are accepted in: rank 2 may meet
    // rank 0's hello ("expected rank 1 of 3 but it says it is rank 0 of 3") or accept rank 1 first and
    // leave rank 0 waiting for a hello. Either way a handshake fails, naming ranks, and no rank hangs.
    assertThat(outcomes.stream().map(o -> o.error().getMessage())).allMatch(m -> m.contains("rank "))
        .anyMatch(m -> m.startsWith("connect: rank "));
  }
}
