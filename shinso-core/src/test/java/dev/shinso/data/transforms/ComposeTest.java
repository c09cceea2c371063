package dev.shinso.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ComposeTest {
  @Test
  void appliesTransformsInOrder() {
    // normalise [[0, 1, 2]] by mean 1, std 0.5 → [[-2, 0, 2]], then mirror → [[2, 0, -2]]
    Tensor x = Tensor.of(new float[] {0, 1, 2}, 1, 1, 1, 3);
    Compose c = new Compose(new Normalize(1f, 0.5f), new RandomHorizontalFlip(1f));
    assertThat(c.apply(x, new Generator(0)).toFloatArray()).containsExactly(2f, 0f, -2f);
  }

  @Test
  void transformsShareOneGeneratorInTurn() {
    Tensor x = Tensor.rand(new Generator(1), 16, 1, 8, 8);
    Transform crop = new RandomCrop(8, 2), flip = new RandomHorizontalFlip();
    Generator g = new Generator(42);
    Tensor expected = flip.apply(crop.apply(x, g), g);
    assertThat(new Compose(crop, flip).apply(x, new Generator(42)).toFloatArray()).containsExactly(expected.toFloatArray());
    assertThat(new Compose(crop, flip).toString()).contains("RandomCrop(size=8, padding=2)", "RandomHorizontalFlip(p=0.5)");
  }
}
