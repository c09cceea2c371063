package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ModuleReference;
import dev.shinso.testing.ReferenceCase;
import org.junit.jupiter.api.Test;

class Conv2dTest {
  private static Conv2d fromCase(ReferenceCase c) {
    return new Conv2d(c.params().get("in").asInt(), c.params().get("out").asInt(), c.intParams("kernel"),
        c.intParams("stride"), c.intParams("padding"), c.intParams("dilation"), c.params().get("groups").asInt(),
        c.params().get("bias").asBoolean());
  }

  @Test
  void theCnnsFirstLayerMatchesPyTorch() {
    ReferenceCase c = ModuleReference.find("conv_layers", "conv2d_cnn_first");
    ModuleReference.check(c, fromCase(c), 1e-5, 1e-6);
  }

  @Test
  void everySettingAtOnceMatchesPyTorch() {
    ReferenceCase c = ModuleReference.find("conv_layers", "conv2d_everything");
    ModuleReference.check(c, fromCase(c), 1e-5, 1e-6);
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new Conv2d(1, 32, 3, 1, 1).toString())
        .isEqualTo("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
    assertThat(new Conv2d(32, 64, 3).toString()).isEqualTo("Conv2d(32, 64, kernel_size=(3, 3), stride=(1, 1))");
  }

  @Test
  void parametersAreWeightThenBiasShapedAsPyTorch() {
    Conv2d conv = new Conv2d(4, 6, new int[] {3, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true);
    assertThat(conv.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(conv.weight().shapeArray()).containsExactly(6, 2, 3, 2);
    assertThat(conv.bias().shapeArray()).containsExactly(6);
    assertThat(new Conv2d(4, 6, 3, 1, 0, 1, 1, false).namedParameters().keySet()).containsExactly("weight");
  }

  @Test
  void initialValuesAreUniformWithinOneOverRootFanIn() {
    Shinso.manualSeed(3);
    Conv2d conv = new Conv2d(32, 64, 3); // fan_in = 32·3·3 = 288
    double bound = 1 / Math.sqrt(288);
    for (Tensor t : new Tensor[] {conv.weight(), conv.bias()}) {
      float[] v = t.toFloatArray();
      double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
      for (float f : v) {
        min = Math.min(min, f);
        max = Math.max(max, f);
        sum += f;
      }
      assertThat(min).isGreaterThanOrEqualTo(-bound);
      assertThat(max).isLessThanOrEqualTo(bound);
      if (v.length > 1000) { // the weight: its extremes reach the bounds and its mean is near 0
        assertThat(max).isGreaterThan(0.99 * bound);
        assertThat(min).isLessThan(-0.99 * bound);
        assertThat(Math.abs(sum / v.length)).isLessThan(0.05 * bound);
      }
    }
  }

  @Test
  void forwardOnTheTrainingShapes() {
    Conv2d conv = new Conv2d(1, 32, 3, 1, 1);
    assertThat(conv.forward(Tensor.zeros(64, 1, 28, 28)).shapeArray()).containsExactly(64, 32, 28, 28);
    assertThat(conv.forward(Tensor.zeros(1, 28, 28)).shapeArray()).containsExactly(32, 28, 28);
  }

  @Test
  void badSettingsFailAtConstruction() {
    assertThatThrownBy(() -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Conv2d: in_channels and out_channels must be divisible by groups (in_channels=3, out_channels=4,"
            + " kernel_size=(3, 3), groups=2)");
    assertThatThrownBy(() -> new Conv2d(3, 4, 0)).hasMessage("Conv2d: kernel_size must be positive, got (0, 0)");
    assertThatThrownBy(() -> new Conv2d(3, 4, 3, 1, -1)).hasMessage("Conv2d: padding must be non-negative, got (-1, -1)");
  }
}
