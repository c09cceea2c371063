package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.ModuleReference;
import dev.shinso.testing.ReferenceCase;
import org.junit.jupiter.api.Test;

class Conv1dTest {
  @Test
  void matchesPyTorch() {
    ReferenceCase c = ModuleReference.find("conv_layers", "conv1d_stride2");
    ModuleReference.check(c, new Conv1d(3, 4, 3, 2, 1), 1e-5, 1e-6);
  }

  @Test
  void weightIsOutByInByKernel() {
    Conv1d conv = new Conv1d(4, 6, 5, 1, 0, 1, 2, false);
    assertThat(conv.weight().shapeArray()).containsExactly(6, 2, 5);
    assertThat(conv.bias()).isNull();
    assertThat(conv.toString()).isEqualTo("Conv1d(4, 6, kernel_size=(5,), stride=(1,), groups=2, bias=False)");
  }
}
