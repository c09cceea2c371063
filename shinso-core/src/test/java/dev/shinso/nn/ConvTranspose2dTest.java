package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ConvTranspose2dTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return DiffusionLayerCases.tests("ConvTranspose2d", c -> {
      int[] k = DiffusionLayerCases.ints(c, "kernel_size"), s = DiffusionLayerCases.ints(c, "stride"),
          p = DiffusionLayerCases.ints(c, "padding"), op = DiffusionLayerCases.ints(c, "output_padding"),
          d = DiffusionLayerCases.ints(c, "dilation");
      boolean bias = !c.config().has("bias") || c.config().get("bias").asBoolean();
      return new ConvTranspose2d(c.configInt("in_channels"), c.configInt("out_channels"), k,
          s == null ? new int[] {1, 1} : s, p == null ? new int[] {0, 0} : p, op == null ? new int[] {0, 0} : op,
          d == null ? new int[] {1, 1} : d, c.config().has("groups") ? c.configInt("groups") : 1, bias);
    });
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    int[] s = {2, 2}, p = {1, 1}, op = {1, 0}, d = {1, 1};
    GradChecks.assertGradientsMatch("convTranspose2d stride 2, output_padding",
        xs -> Functional.convTranspose2d(xs.get(0), xs.get(1), xs.get(2), s, p, op, d, 1),
        GradChecks.randn(66, 1, 2, 3, 3, 2), GradChecks.randn(67, 1, 3, 2, 3, 3), GradChecks.randn(68, 1, 2));
    GradChecks.assertGradientsMatch("convTranspose2d groups 2, dilation 2",
        xs -> Functional.convTranspose2d(xs.get(0), xs.get(1), null, new int[] {1, 1}, new int[] {0, 0},
            new int[] {0, 0}, new int[] {2, 2}, 2),
        GradChecks.randn(69, 1, 1, 4, 3, 3), GradChecks.randn(70, 1, 4, 1, 2, 2));
  }

  @Test
  void doublesTheResolutionAndPrints() {
    ConvTranspose2d up = new ConvTranspose2d(8, 4, 4, 2, 1);
    assertThat(up.weight().shapeArray()).containsExactly(8, 4, 4, 4);
    assertThat(up.forward(Tensor.zeros(2, 8, 7, 7)).shapeArray()).containsExactly(2, 4, 14, 14);
    assertThat(up.forward(Tensor.zeros(8, 7, 7)).shapeArray()).containsExactly(4, 14, 14);
    assertThat(up).hasToString("ConvTranspose2d(8, 4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1))");
  }

  @Test
  void mismatchedChannelsAreAClearError() {
    assertThatThrownBy(() -> new ConvTranspose2d(8, 4, 4, 2, 1).forward(Tensor.zeros(2, 3, 7, 7)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("convTranspose2d")
        .hasMessageContaining("[2, 3, 7, 7]").hasMessageContaining("[8, 4, 4, 4]");
  }
}
