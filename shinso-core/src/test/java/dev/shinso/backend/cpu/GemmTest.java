package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {
  private static final int[] SIZES = {1, 5, 17, 63, 97, 130};
  private final int savedThreads = IntraOpPool.numThreads();

  @AfterEach
  void restoreThreads() {
    IntraOpPool.setNumThreads(savedThreads);
  }

  /** One problem: op(A) m×k, op(B) k×n, stored with padding around and between rows. */
  private record Case(boolean transA, boolean transB, int m, int n, int k, int pad, long seed) {
    int lda() { return (transA ? m : k) + pad; }
    int ldb() { return (transB ? k : n) + pad; }
    int ldc() { return n + pad; }
    int aOff() { return pad + 1; }
    int bOff() { return 2 * pad + 3; }
    int cOff() { return pad; }

    float[] a() { return random((transA ? k : m) * lda() + aOff() + pad, seed); }
    float[] b() { return random((transB ? n : k) * ldb() + bOff() + pad, seed + 1); }
    float[] c() { return random(m * ldc() + cOff() + pad, seed + 2); }

    float opA(float[] a, int i, int p) {
      return transA ? a[aOff() + p * lda() + i] : a[aOff() + i * lda() + p];
    }

    float opB(float[] b, int p, int j) {
      return transB ? b[bOff() + j * ldb() + p] : b[bOff() + p * ldb() + j];
    }

    /** Runs sgemm and checks C against a double-precision reference; padding must be untouched. */
    void check(boolean accumulate, boolean simd) {
      float[] a = a();
      float[] b = b();
      float[] c = c();
      float[] before = c.clone();
      Gemm.sgemm(transA, transB, m, n, k, a, aOff(), lda(), b, bOff(), ldb(), c, cOff(), ldc(),
          accumulate, simd);
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - cOff();
        int i = Math.floorDiv(rel, ldc());
        int j = Math.floorMod(rel, ldc());
        boolean inside = rel >= 0 && i < m && j < n;
        if (!inside) {
          assertThat(c[idx]).as("%s: padding at %d", this, idx).isEqualTo(before[idx]);
          continue;
        }
        double s = accumulate ? before[idx] : 0;
        double mag = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double t = (double) opA(a, i, p) * opB(b, p, j);
          s += t;
          mag += Math.abs(t);
        }
        double tol = 1e-6 * (k + 2) * (mag + 1e-30);
        assertThat((double) c[idx]).as("%s acc=%s simd=%s C[%d,%d]", this, accumulate, simd, i, j)
            .isCloseTo(s, org.assertj.core.data.Offset.offset(tol));
      }
    }
  }

  private static float[] random(int len, long seed) {
    Random r = new Random(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    return x;
  }

  private static void allCombinations(int pad, boolean simd) {
    long seed = 1;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        for (int m : SIZES) {
          for (int n : SIZES) {
            for (int k : new int[] {1, 17, 130}) {
              new Case(ta, tb, m, n, k, pad, seed++).check((m + n + k) % 2 == 0, simd);
            }
          }
        }
      }
    }
  }

  @Test
  void allTransposesOddSizesOneThread() {
    IntraOpPool.setNumThreads(1);
    allCombinations(0, true);
  }

  @Test
  void allTransposesOddSizesTwoThreadsWithOffsetsAndLeadingDims() {
    IntraOpPool.setNumThreads(2);
    allCombinations(3, true);
  }

  @Test
  void scalarFallback() {
    IntraOpPool.setNumThreads(2);
    allCombinations(2, false);
  }

  @Test
  void accumulateOnAndOff() {
    for (boolean simd : new boolean[] {true, false}) {
      for (boolean acc : new boolean[] {false, true}) {
        new Case(false, false, 97, 130, 63, 1, 7).check(acc, simd);
        new Case(true, true, 5, 3, 4, 2, 8).check(acc, simd); // the plain loop
      }
    }
  }

  @Test
  void depthLargerThanOneBlockAndWideOutput() {
    // k spans several KC blocks; n spans two NC blocks with a ragged edge.
    IntraOpPool.setNumThreads(2);
    new Case(false, false, 13, Gemm.NC + 37, Gemm.KC * 2 + 5, 1, 11).check(true, true);
    new Case(true, true, 200, 70, Gemm.KC + 1, 0, 12).check(false, true);
    new Case(false, true, 20, 300, 600, 0, 13).check(false, false);
  }

  @Test
  void poorlyTiledProductsOfRowsTakeTheDotPathAcrossStretchesAndThreads() {
    assertThat(GemmDot.suits(9, 32, 784)).as("the first conv layer's dWᵀ").isTrue();
    assertThat(GemmDot.suits(64, 10, 128)).as("an MLP's output layer: too shallow").isFalse();
    assertThat(GemmDot.suits(64, 256, 784)).as("an MLP's hidden layer: fills the tiles").isFalse();
    for (int threads = 1; threads <= 2; threads++) {
      IntraOpPool.setNumThreads(threads);
      // depths with a ragged end past the last whole vector; edge rows and columns around the 4×4 blocks
      new Case(false, true, 9, 32, 1031, 1, 31).check(true, true);
      new Case(false, true, 64, 10, 300, 0, 32).check(false, true);
      new Case(false, true, 7, 5, 271, 2, 33).check(false, true);
      new Case(false, true, 30, 3, 5000, 0, 34).check(true, true);
    }
  }

  @Test
  void tallSkinnySplitsColumns() {
    IntraOpPool.setNumThreads(2);
    new Case(false, false, 7, 700, 300, 0, 21).check(false, true);
    new Case(false, false, 700, 7, 300, 0, 22).check(true, true);
  }

  @Test
  void zeroDepthClearsOrKeepsC() {
    float[] c = {1, 2, 3, 4, 5, 6, 9};
    Gemm.sgemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, true);
    assertThat(c).containsExactly(1, 2, 3, 4, 5, 6, 9);
    Gemm.sgemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, false);
    assertThat(c).containsExactly(0, 0, 0, 0, 0, 0, 9);
  }

  @Test
  void emptyOutputIsANoOp() {
    float[] c = {5};
    Gemm.sgemm(false, false, 0, 3, 4, new float[0], 0, 4, new float[12], 0, 3, c, 0, 3, false);
    Gemm.sgemm(false, false, 3, 0, 4, new float[12], 0, 4, new float[0], 0, 0, c, 0, 0, false);
    assertThat(c).containsExactly(5);
  }

  @Test
  void resultDoesNotDependOnThreadCount() {
    Case big = new Case(false, true, 150, 260, 700, 0, 31);
    float[] a = big.a();
    float[] b = big.b();
    float[][] out = new float[3][];
    for (int t = 1; t <= 3; t++) {
      IntraOpPool.setNumThreads(t);
      out[t - 1] = new float[150 * 260];
      Gemm.sgemm(false, true, 150, 260, 700, a, big.aOff(), big.lda(), b, big.bOff(), big.ldb(),
          out[t - 1], 0, 260, false);
    }
    assertThat(out[1]).containsExactly(out[0]);
    assertThat(out[2]).containsExactly(out[0]);
  }

  @Test
  void rejectsArraysTooSmallNamingTheShapes() {
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 4, 4, 4, new float[15], 0, 4, new float[16],
        0, 4, new float[16], 0, 4, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m=4 n=4 k=4").hasMessageContaining("A is stored 4x4");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 4, 4, 4, new float[16], 0, 3, new float[16],
        0, 4, new float[16], 0, 4, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension 3");
  }
}
