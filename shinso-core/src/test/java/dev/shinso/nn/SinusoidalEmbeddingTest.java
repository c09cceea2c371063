package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SinusoidalEmbeddingTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return DiffusionLayerCases.tests("SinusoidalEmbedding",
        c -> new SinusoidalEmbedding(c.configInt("dim"), c.config("max_period", 10_000)));
  }

  @Test
  void gradientWithRespectToTime() {
    GradChecks.assertGradientsMatch("sinusoidalEmbedding",
        xs -> Functional.sinusoidalEmbedding(xs.get(0), 6, 100), Tensor.of(new float[] {0.3f, 2.5f, 7f}, 3));
  }

  @Test
  void integerTimestepsPrintingAndErrors() {
    Tensor e = new SinusoidalEmbedding(4).forward(Tensor.ofLongs(new long[] {0, 5}, 2));
    assertThat(e.shapeArray()).containsExactly(2, 4);
    assertThat(e.toFloatArray()).startsWith(0f, 0f, 1f, 1f);  // sin 0, sin 0, cos 0, cos 0
    assertThat(new SinusoidalEmbedding(8)).hasToString("SinusoidalEmbedding(dim=8, max_period=10000.0)");
    assertThatThrownBy(() -> new SinusoidalEmbedding(8).forward(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]");
  }
}
