package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Window rules that the PyTorch reference cases do not reach: ties, NaN, -inf, and thread counts. */
class PoolingTest {
  private static final Pool2dParams K2 = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false);

  @Test
  void maxPoolKeepsTheFirstOfTiedMaxima() {
    Tensor x = Tensor.of(new float[] {3, 3, 3, 3}, 1, 1, 2, 2);
    Backend.MaxPool2dResult r = CpuBackend.INSTANCE.maxPool2dWithIndices(x, K2);
    assertThat(r.indices().toLongArray()).containsExactly(0L);
  }

  @Test
  void maxPoolPropagatesNaNAndHandlesAllMinusInfinity() {
    float inf = Float.NEGATIVE_INFINITY;
    Tensor x = Tensor.of(new float[] {1, Float.NaN, inf, inf, 2, 0, inf, inf}, 1, 1, 2, 4);
    Backend.MaxPool2dResult r = CpuBackend.INSTANCE.maxPool2dWithIndices(x, K2);
    assertThat(r.output().toFloatArray()).containsExactly(Float.NaN, inf);
    assertThat(r.indices().toLongArray()).containsExactly(1L, 2L); // the NaN; the window's first element
    // As torch (checked with 1.13): a NaN wins over an earlier NaN too, so the last NaN's index is saved.
    Tensor twoNaNs = Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN, Float.NaN, 0, 1, 2}, 1, 1, 2, 4);
    assertThat(CpuBackend.INSTANCE.maxPool2dWithIndices(twoNaNs, K2).indices().toLongArray()).containsExactly(4L, 3L);
  }

  @Test
  void twoByTwoMaxPoolFollowsTheWindowRuleOnTiesNaNAndOddSizes() {
    dev.shinso.tensor.Generator g = new dev.shinso.tensor.Generator(9);
    for (int[] hw : new int[][] {{12, 12}, {11, 9}, {7, 5}}) {  // 36, 20 or 30, 6 windows: vectors and tails
      int h = hw[0], w = hw[1];
      float[] v = new float[3 * h * w];
      // Few distinct values, so windows tie often; some NaN and -inf.
      for (int i = 0; i < v.length; i++) {
        long r = g.nextLong(8);
        v[i] = r == 6 ? Float.NaN : r == 7 ? Float.NEGATIVE_INFINITY : r % 3;
      }
      for (int variant = 0; variant < 4; variant++) {
        boolean ceil = variant % 2 == 1, simd = variant < 2;
        Pool2dParams p = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, ceil);
        Backend.MaxPool2dResult r = Pooling.maxPool2d(Tensor.of(v, 1, 3, h, w), p, simd, true);
        Backend.MaxPool2dResult noIndices = Pooling.maxPool2d(Tensor.of(v, 1, 3, h, w), p, simd, false);
        int oH = p.outH(h), oW = p.outW(w);
        long[] expected = new long[3 * oH * oW];
        for (int c = 0, o = 0; c < 3; c++) {
          for (int oh = 0; oh < oH; oh++) {
            for (int ow = 0; ow < oW; ow++, o++) {
              // The rule, written out: start at -inf; a later element wins if strictly greater, or NaN.
              float max = Float.NEGATIVE_INFINITY;
              long best = (long) 2 * oh * w + 2 * ow;
              for (int ih = 2 * oh; ih < Math.min(h, 2 * oh + 2); ih++) {
                for (int iw = 2 * ow; iw < Math.min(w, 2 * ow + 2); iw++) {
                  float x = v[c * h * w + ih * w + iw];
                  if (x > max || Float.isNaN(x)) {
                    max = x;
                    best = (long) ih * w + iw;
                  }
                }
              }
              expected[o] = best;
            }
          }
        }
        assertThat(r.indices().toLongArray()).as("%dx%d ceil=%s simd=%s", h, w, ceil, simd).containsExactly(expected);
        float[] out = r.output().toFloatArray();
        for (int o = 0; o < expected.length; o++) {
          int c = o / (oH * oW);
          assertThat(Float.valueOf(out[o])).isEqualTo(Float.valueOf(v[c * h * w + (int) expected[o]]));  // boxed: NaN equals NaN
        }
        assertThat(noIndices.indices()).isNull();
        assertThat(noIndices.output().toFloatArray()).containsExactly(out);
      }
    }
  }

  @Test
  void poolingDoesNotDependOnTheThreadCount() {
    int saved = IntraOpPool.numThreads();
    try {
      Tensor x = Tensor.randn(new dev.shinso.tensor.Generator(5), 8, 16, 12, 12);
      Pool2dParams p = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true);
      IntraOpPool.setNumThreads(1);
      float[] max1 = CpuBackend.INSTANCE.maxPool2dWithIndices(x, p).output().toFloatArray();
      float[] avg1 = CpuBackend.INSTANCE.avgPool2d(x, p, true).toFloatArray();
      float[] ada1 = CpuBackend.INSTANCE.adaptiveAvgPool2d(x, 5, 7).toFloatArray();
      IntraOpPool.setNumThreads(3);
      assertThat(CpuBackend.INSTANCE.maxPool2dWithIndices(x, p).output().toFloatArray()).containsExactly(max1);
      assertThat(CpuBackend.INSTANCE.avgPool2d(x, p, true).toFloatArray()).containsExactly(avg1);
      assertThat(CpuBackend.INSTANCE.adaptiveAvgPool2d(x, 5, 7).toFloatArray()).containsExactly(ada1);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }
}
