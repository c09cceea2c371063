package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BatchNormKernelsTest {
  /**
   * The statistics' lane sums once added in whatever order reduceLanes(ADD) used, which changed
   * when C2 compiled the loop: the same run gave other losses early in a process than late in it.
   */
  @Test
  void resultsDoNotChangeAsTheJitWarmsUp() {
    Generator g = new Generator(5);
    float[] data = new float[32 * 8 * 13 * 13];
    for (int i = 0; i < data.length; i++) data[i] = g.nextGaussian() * 3f + 1f;
    Tensor x = Tensor.wrap(data, 32, 8, 13, 13), grad = x.mul(0.5f).tanh();
    Backend.BatchNormResult first = BatchNormKernels.forward(x, null, null, 1e-5);
    Tensor[] firstGrads = BatchNormKernels.backward(grad, x, null, first.mean(), first.var(), 1e-5);
    for (int r = 0; r < 300; r++) {
      Backend.BatchNormResult later = BatchNormKernels.forward(x, null, null, 1e-5);
      Tensor[] laterGrads = BatchNormKernels.backward(grad, x, null, later.mean(), later.var(), 1e-5);
      assertThat(later.mean().toFloatArray()).as("mean, repetition %d", r).isEqualTo(first.mean().toFloatArray());
      assertThat(later.var().toFloatArray()).as("var, repetition %d", r).isEqualTo(first.var().toFloatArray());
      assertThat(laterGrads[0].toFloatArray()).as("dx, repetition %d", r).isEqualTo(firstGrads[0].toFloatArray());
    }
  }
}
