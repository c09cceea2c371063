package dev.shinso.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomCropTest {
  /** The image [[1, 2], [3, 4]] repeated n times: [n, 1, 2, 2]. */
  private static Tensor fourPixels(int n) {
    float[] d = new float[n * 4];
    for (int i = 0; i < n; i++) System.arraycopy(new float[] {1, 2, 3, 4}, 0, d, 4 * i, 4);
    return Tensor.of(d, n, 1, 2, 2);
  }

  /**
   * The 2×2 windows of the zero-padded image, by hand, indexed [top][left]:
   * <pre>
   *   0 0 0 0
   *   0 1 2 0
   *   0 3 4 0
   *   0 0 0 0
   * </pre>
   */
  private static final float[][][] WINDOWS = {
      {{0, 0, 0, 1}, {0, 0, 1, 2}, {0, 0, 2, 0}},
      {{0, 1, 0, 3}, {1, 2, 3, 4}, {2, 0, 4, 0}},
      {{0, 3, 0, 0}, {3, 4, 0, 0}, {4, 0, 0, 0}}};

  @Test
  void cropOfTheWholePaddedImageIsThePaddedImage() {
    Tensor y = new RandomCrop(4, 1).apply(fourPixels(1), new Generator(0));
    assertThat(y.shapeArray()).containsExactly(1, 1, 4, 4);
    assertThat(y.toFloatArray()).containsExactly(0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0);
  }

  @Test
  void withoutPaddingAFullSizeCropIsTheIdentity() {
    Tensor x = Tensor.rand(new Generator(3), 3, 2, 5, 5);
    assertThat(new RandomCrop(5).apply(x, new Generator(1)).toFloatArray()).containsExactly(x.toFloatArray());
  }

  @Test
  void eachImageGetsTheWindowAtItsOwnDrawnOffset() {
    int n = 200;
    float[] y = new RandomCrop(2, 1).apply(fourPixels(n), new Generator(11)).toFloatArray();
    Generator replay = new Generator(11); // the documented draws: top, then left, per image
    Set<List<Integer>> offsets = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int top = (int) replay.nextLong(3), left = (int) replay.nextLong(3);
      offsets.add(List.of(top, left));
      assertThat(Arrays.copyOfRange(y, 4 * i, 4 * i + 4)).as("image %d at (%d, %d)", i, top, left)
          .containsExactly(WINDOWS[top][left]);
    }
    assertThat(offsets).hasSize(9); // every offset occurs: per-image, not per-batch
  }

  @Test
  void allChannelsOfAnImageShareTheOffset() {
    Tensor one = Tensor.rand(new Generator(5), 8, 1, 6, 7);
    Tensor x = Tensor.cat(List.of(one, one.mul(10f)), 1); // channel 1 = 10 × channel 0
    Tensor y = new RandomCrop(4, 2).apply(x, new Generator(2));
    assertThat(y.shapeArray()).containsExactly(8, 2, 4, 4);
    float[] c0 = y.narrow(1, 0, 1).mul(10f).toFloatArray(), c1 = y.narrow(1, 1, 1).toFloatArray();
    assertThat(c1).containsExactly(c0);
  }

  @Test
  void nonSquareImagesAreCutFromTheirOwnWidth() {
    // [1, 1, 3, 5] holding 0..14; a 3×3 crop without padding can only move along the width
    Tensor x = Tensor.arange(15f).reshape(1, 1, 3, 5);
    Generator replay = new Generator(4);
    replay.nextLong(1); // top: 0
    int left = (int) replay.nextLong(3);
    float[] expected = x.narrow(3, left, 3).toFloatArray();
    assertThat(new RandomCrop(3).apply(x, new Generator(4)).toFloatArray()).containsExactly(expected);
  }

  @Test
  void aCropLargerThanThePaddedImageIsAnError() {
    assertThatThrownBy(() -> new RandomCrop(5, 1).apply(fourPixels(1), new Generator(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1, 2, 2]");
    assertThatThrownBy(() -> new RandomCrop(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
