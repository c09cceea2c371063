package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ModuleReference;
import org.junit.jupiter.api.Test;

class AdaptiveAvgPool2dTest {
  @Test
  void matchesPyTorch() {
    ModuleReference.check(ModuleReference.find("conv_layers", "adaptiveavgpool2d_1"), new AdaptiveAvgPool2d(1),
        1e-5, 1e-6);
    ModuleReference.check(ModuleReference.find("conv_layers", "adaptiveavgpool2d_3x4"), new AdaptiveAvgPool2d(3, 4),
        1e-5, 1e-6);
  }

  @Test
  void globalAveragePoolingIsTheMeanOfEachPlane() {
    Tensor x = Tensor.arange(0f, 32f, 1f).reshape(2, 1, 4, 4);
    assertThat(new AdaptiveAvgPool2d(1).forward(x).toFloatArray()).containsExactly(7.5f, 23.5f);
  }

  @Test
  void outputSizeMustBePositive() {
    assertThatThrownBy(() -> new AdaptiveAvgPool2d(0, 3))
        .hasMessage("AdaptiveAvgPool2d: output_size must be positive, got (0, 3)");
  }
}
