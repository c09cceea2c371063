package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.shinso.Shinso;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EmbeddingTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCases.tests("nn_embedding.json",
        c -> new Embedding(c.configInt("num_embeddings"), c.configInt("embedding_dim")));
  }

  @Test
  void gradientOfWeightAccumulatesRepeatedIndices() {
    Tensor idx = Tensor.ofLongs(new long[] {1, 3, 3, 0, 1, 1}, 2, 3);
    GradChecks.assertGradientsMatch("embedding", ws -> Functional.embedding(idx, ws.get(0)), GradChecks.randn(5, 1, 4, 3));
  }

  @Test
  void outputShapeIsIndexShapePlusDim() {
    Embedding e = new Embedding(10, 7);
    assertThat(e.forward(Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6}, 2, 1, 3)).shapeArray()).containsExactly(2, 1, 3, 7);
    assertThat(e.forward(Tensor.ofLongs(new long[] {9})).shapeArray()).containsExactly(1, 7);
  }

  @Test
  void defaultInitIsStandardNormal() {
    Shinso.manualSeed(5);
    float[] w = new Embedding(1000, 100).weight().toFloatArray();
    assertThat(InitTest.mean(w)).isCloseTo(0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(InitTest.std(w)).isCloseTo(1, withinPercentage(2));
  }

  @Test
  void badIndicesAreClearErrors() {
    // The messages come from the host check, which runs for indices on the CPU (on a device the kernel checks).
    Embedding e = (Embedding) new Embedding(10, 3).to(Device.CPU);
    assertThatThrownBy(() -> e.forward(Tensor.of(new float[] {1, 2})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int64");
    assertThatThrownBy(() -> e.forward(Tensor.ofLongs(Device.CPU, new long[] {1, 10})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 10").hasMessageContaining("[10, 3]");
    assertThatThrownBy(() -> e.forward(Tensor.ofLongs(Device.CPU, new long[] {-1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index -1");
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new Embedding(10, 3)).hasToString("Embedding(10, 3)");
  }
}
