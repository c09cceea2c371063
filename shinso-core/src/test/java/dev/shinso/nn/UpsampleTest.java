package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UpsampleTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return DiffusionLayerCases.tests("Upsample", c -> new Upsample(c.configInt("scale_factor")));
  }

  @Test
  void gradientSumsEachBlock() {
    GradChecks.assertGradientsMatch("upsampleNearest2d x2",
        xs -> Functional.upsampleNearest2d(xs.get(0), 2), GradChecks.randn(65, 1, 2, 2, 3, 2));
    Tensor x = Tensor.zeros(1, 1, 2, 2).requiresGrad(true);
    Functional.upsampleNearest2d(x, 3).sum().backward();
    assertThat(x.grad().toFloatArray()).containsOnly(9f);
  }

  @Test
  void printingAndErrors() {
    assertThat(new Upsample(2)).hasToString("Upsample(scale_factor=2.0, mode=nearest)");
    assertThatThrownBy(() -> new Upsample(2).forward(Tensor.zeros(4, 4))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 4]");
  }
}
