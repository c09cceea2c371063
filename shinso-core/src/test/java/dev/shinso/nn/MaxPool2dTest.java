package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.ModuleReference;
import org.junit.jupiter.api.Test;

class MaxPool2dTest {
  @Test
  void matchesPyTorch() {
    ModuleReference.check(ModuleReference.find("conv_layers", "maxpool2d_k2"), new MaxPool2d(2), 1e-5, 1e-6);
    ModuleReference.check(ModuleReference.find("conv_layers", "maxpool2d_k3_s2_p1_ceil"),
        new MaxPool2d(3, 2, 1, 1, true), 1e-5, 1e-6);
  }

  @Test
  void pairsPrintAsTuples() {
    assertThat(new MaxPool2d(new int[] {2, 3}, null, new int[] {1, 0}, new int[] {1, 1}, false).toString())
        .isEqualTo("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(1, 0), dilation=(1, 1), ceil_mode=False)");
    assertThat(new MaxPool2d(2).parameters()).isEmpty();
  }
}
