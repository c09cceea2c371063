package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LayerNormTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCases.tests("nn_layernorm.json", c -> {
      JsonNode s = c.config().get("normalized_shape");
      int[] shape = new int[s.size()];
      for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asInt();
      return new LayerNorm(shape);
    });
  }

  @Test
  void gradientsOfInputWeightAndBias() {
    GradChecks.assertGradientsMatch("layerNorm last dim",
        xs -> Functional.layerNorm(xs.get(0), new int[] {5}, xs.get(1), xs.get(2), 1e-5),
        GradChecks.randn(51, 2, 3, 5), GradChecks.randn(52, 1, 5), GradChecks.randn(53, 1, 5));
    GradChecks.assertGradientsMatch("layerNorm last two dims, no affine",
        xs -> Functional.layerNorm(xs.get(0), new int[] {2, 3}, null, null, 1e-5), GradChecks.randn(54, 1, 2, 2, 3));
  }

  @Test
  void parametersAndPrinting() {
    LayerNorm ln = new LayerNorm(3, 4);
    assertThat(ln.stateDict().keySet()).containsExactly("weight", "bias");
    assertThat(ln.weight().shapeArray()).containsExactly(3, 4);
    assertThat(ln).hasToString("LayerNorm((3, 4), eps=1e-05, elementwise_affine=True)");
    assertThat(new LayerNorm(10)).hasToString("LayerNorm((10,), eps=1e-05, elementwise_affine=True)");
  }

  @Test
  void shapeMismatchIsAClearError() {
    assertThatThrownBy(() -> new LayerNorm(5).forward(Tensor.zeros(2, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4]").hasMessageContaining("[5]");
  }
}
