package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The activation modules (Step, Sigmoid, Tanh, ReLU, LeakyReLU, GELU, Softmax) and the shape-only Identity and Flatten. */
class ActivationTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCases.tests("nn_activations.json", c -> switch (c.module()) {
      case "Step" -> new Step();
      case "Sigmoid" -> new Sigmoid();
      case "Tanh" -> new Tanh();
      case "ReLU" -> new ReLU();
      case "LeakyReLU" -> new LeakyReLU(c.config("negative_slope", 0.01));
      case "GELU" -> new GELU();
      case "Softmax" -> new Softmax(c.configInt("dim"));
      case "Identity" -> new Identity();
      case "Flatten" -> new Flatten(c.configInt("start_dim"), c.configInt("end_dim"));
      default -> throw new IllegalArgumentException("unknown module " + c.module());
    });
  }

  @Test
  void smoothActivationsHaveMatchingGradients() {
    Tensor x = GradChecks.randn(11, 2, 3, 4);
    GradChecks.assertGradientsMatch("Sigmoid", xs -> new Sigmoid().forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("Tanh", xs -> new Tanh().forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("GELU", xs -> new GELU().forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("Softmax(1)", xs -> new Softmax(1).forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("Softmax(0)", xs -> new Softmax(0).forward(xs.get(0)), x.contiguousCopy());
  }

  @Test
  void piecewiseLinearActivationsHaveMatchingGradientsAwayFromTheKink() {
    Tensor x = GradChecks.awayFromZero(12, 3, 4);
    GradChecks.assertGradientsMatch("ReLU", xs -> new ReLU().forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("LeakyReLU(0.2)", xs -> new LeakyReLU(0.2).forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("Identity", xs -> new Identity().forward(xs.get(0)), x.contiguousCopy());
    GradChecks.assertGradientsMatch("Flatten", xs -> new Flatten(0, 1).forward(xs.get(0)), x.contiguousCopy());
  }

  /** The lecture's point: a step network gets zero gradient, so gradient descent cannot move it. */
  @Test
  void stepPassesZeroGradient() {
    Tensor x = GradChecks.awayFromZero(13, 3, 4);
    GradChecks.assertGradientsMatch("Step", xs -> new Step().forward(xs.get(0)), x);
    Tensor y = new Step().forward(x);
    assertThat(y.toFloatArray()).containsOnly(0f, 1f);
    y.mul(GradChecks.randn(14, 1, 3, 4)).sum().backward();
    assertThat(x.grad().toFloatArray()).containsOnly(0f);
  }

  @Test
  void leakyReluDefaultSlopeIsPyTorchs() {
    Tensor y = new LeakyReLU().forward(Tensor.of(new float[] {-2f, 3f}));
    assertThat(y.toFloatArray()).containsExactly(-0.02f, 3f);
  }

  @Test
  void printLikePyTorch() {
    assertThat(new ReLU()).hasToString("ReLU()");
    assertThat(new Sigmoid()).hasToString("Sigmoid()");
    assertThat(new Tanh()).hasToString("Tanh()");
    assertThat(new Step()).hasToString("Step()");
    assertThat(new GELU()).hasToString("GELU(approximate='none')");
    assertThat(new LeakyReLU()).hasToString("LeakyReLU(negative_slope=0.01)");
    assertThat(new Softmax(1)).hasToString("Softmax(dim=1)");
    assertThat(new Identity()).hasToString("Identity()");
    assertThat(new Flatten()).hasToString("Flatten(start_dim=1, end_dim=-1)");
  }

  @Test
  void flattenKeepsTheBatchDim() {
    assertThat(new Flatten().forward(Tensor.zeros(8, 1, 28, 28)).shapeArray()).containsExactly(8, 784);
  }
}
