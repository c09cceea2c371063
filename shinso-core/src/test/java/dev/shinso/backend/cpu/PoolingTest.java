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
