package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GroupNormTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return DiffusionLayerCases.tests("GroupNorm", c -> new GroupNorm(c.configInt("num_groups"),
        c.configInt("num_channels"), 1e-5, c.config().get("affine").asBoolean()));
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    GradChecks.assertGradientsMatch("groupNorm 2 groups",
        xs -> Functional.groupNorm(xs.get(0), 2, xs.get(1), xs.get(2), 1e-5),
        GradChecks.randn(61, 1, 2, 4, 3, 2), GradChecks.randn(62, 1, 4), GradChecks.randn(63, 1, 4));
  }

  @Test
  void parametersPrintingAndErrors() {
    GroupNorm gn = new GroupNorm(8, 32);
    assertThat(gn.stateDict().keySet()).containsExactly("weight", "bias");
    assertThat(gn).hasToString("GroupNorm(8, 32, eps=1e-05, affine=True)");
    assertThatThrownBy(() -> new GroupNorm(3, 32)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32").hasMessageContaining("3");
    assertThatThrownBy(() -> gn.forward(Tensor.zeros(2, 16, 4, 4))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 16, 4, 4]").hasMessageContaining("[32]");
  }
}
