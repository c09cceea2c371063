package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LinearTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCases.tests("nn_linear.json", c -> new Linear(c.configInt("in_features"), c.configInt("out_features"),
        c.config().get("bias").asBoolean()));
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    GradChecks.assertGradientsMatch("linear 2-d", xs -> Functional.linear(xs.get(0), xs.get(1), xs.get(2)),
        GradChecks.randn(1, 1, 4, 5), GradChecks.randn(2, 1, 3, 5), GradChecks.randn(3, 1, 3));
    GradChecks.assertGradientsMatch("linear 3-d input, no bias", xs -> Functional.linear(xs.get(0), xs.get(1), null),
        GradChecks.randn(4, 1, 2, 3, 4), GradChecks.randn(5, 1, 2, 4));
  }

  @Test
  void parametersHavePyTorchShapesNamesAndDefaultInit() {
    Shinso.manualSeed(0);
    Linear layer = new Linear(400, 300);
    assertThat(layer.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(layer.weight().shapeArray()).containsExactly(300, 400);
    assertThat(layer.bias().shapeArray()).containsExactly(300);
    assertThat(layer.parameterCount()).isEqualTo(400 * 300 + 300);
    // kaiming_uniform(a=√5) gives U(±1/√fan_in); its std is 1/√(3·fan_in).
    double bound = 1 / Math.sqrt(400);
    float[] w = layer.weight().toFloatArray();
    assertThat(InitTest.maxAbs(w)).isLessThanOrEqualTo((float) bound).isGreaterThan((float) (0.99 * bound));
    assertThat(InitTest.std(w)).isCloseTo(bound / Math.sqrt(3), org.assertj.core.api.Assertions.withinPercentage(2));
    assertThat(InitTest.maxAbs(layer.bias().toFloatArray())).isLessThanOrEqualTo((float) bound);
  }

  @Test
  void seededInitRepeats() {
    Shinso.manualSeed(3);
    float[] a = new Linear(8, 4).weight().toFloatArray();
    Shinso.manualSeed(3);
    assertThat(new Linear(8, 4).weight().toFloatArray()).containsExactly(a);
  }

  @Test
  void withoutBiasHasOnlyWeight() {
    Linear layer = new Linear(3, 2, false);
    assertThat(layer.bias()).isNull();
    assertThat(layer.stateDict().keySet()).containsExactly("weight");
    assertThat(layer).hasToString("Linear(in_features=3, out_features=2, bias=False)");
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new Linear(784, 256)).hasToString("Linear(in_features=784, out_features=256, bias=True)");
  }

  @Test
  void wrongInputWidthNamesBothShapes() {
    Linear layer = new Linear(784, 256);
    assertThatThrownBy(() -> layer.forward(Tensor.zeros(64, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linear").hasMessageContaining("[64, 100]").hasMessageContaining("[256, 784]");
  }
}
