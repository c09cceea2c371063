package dev.shinso.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomHorizontalFlipTest {
  /** Two channels of [[1, 2, 3], [4, 5, 6]] and [[7, 8, 9], [10, 11, 12]], repeated n times. */
  private static Tensor images(int n) {
    float[] one = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    float[] d = new float[n * 12];
    for (int i = 0; i < n; i++) System.arraycopy(one, 0, d, 12 * i, 12);
    return Tensor.of(d, n, 2, 2, 3);
  }

  private static final float[] FLIPPED = {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10};
  private static final float[] ORIGINAL = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  @Test
  void probabilityOneMirrorsEveryRowOfEveryChannel() {
    float[] y = new RandomHorizontalFlip(1f).apply(images(2), new Generator(0)).toFloatArray();
    assertThat(Arrays.copyOfRange(y, 0, 12)).containsExactly(FLIPPED);
    assertThat(Arrays.copyOfRange(y, 12, 24)).containsExactly(FLIPPED);
  }

  @Test
  void probabilityZeroLeavesTheBatchAlone() {
    assertThat(new RandomHorizontalFlip(0f).apply(images(3), new Generator(0)).toFloatArray())
        .containsExactly(images(3).toFloatArray());
  }

  @Test
  void eachImageIsFlippedByItsOwnDraw() {
    int n = 1000;
    float[] y = new RandomHorizontalFlip().apply(images(n), new Generator(8)).toFloatArray();
    Generator replay = new Generator(8);
    int flipped = 0;
    for (int i = 0; i < n; i++) {
      boolean flip = replay.nextFloat() < 0.5f;
      flipped += flip ? 1 : 0;
      assertThat(Arrays.copyOfRange(y, 12 * i, 12 * i + 12)).containsExactly(flip ? FLIPPED : ORIGINAL);
    }
    assertThat(flipped).isBetween(430, 570);
  }

  @Test
  void theInputIsNotChanged() {
    Tensor x = images(4);
    new RandomHorizontalFlip(1f).apply(x, new Generator(0));
    assertThat(x.toFloatArray()).containsExactly(images(4).toFloatArray());
  }

  @Test
  void invalidProbabilityIsRejected() {
    assertThatThrownBy(() -> new RandomHorizontalFlip(1.5f)).hasMessageContaining("1.5");
  }
}
