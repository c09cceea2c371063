package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ModuleReference;
import org.junit.jupiter.api.Test;

class AvgPool2dTest {
  @Test
  void matchesPyTorch() {
    ModuleReference.check(ModuleReference.find("conv_layers", "avgpool2d_k2"), new AvgPool2d(2), 1e-5, 1e-6);
    ModuleReference.check(ModuleReference.find("conv_layers", "avgpool2d_k3_s2_p1"), new AvgPool2d(3, 2, 1),
        1e-5, 1e-6);
  }

  @Test
  void countIncludePadFalseDividesByTheCellsInside() {
    AvgPool2d pool = new AvgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, false);
    Tensor y = pool.forward(Tensor.ones(1, 1, 3, 3));
    assertThat(y.toFloatArray()).containsOnly(1f);
    assertThat(pool.toString()).isEqualTo("AvgPool2d(kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
  }
}
