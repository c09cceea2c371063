package dev.shinso.data.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes converted per batch must give exactly the floats that converting the whole set once gave. */
class ByteImagesTest {
  @Test
  void aBatchHoldsTheRowsOfTheWholeSetsFloats() {
    byte[] pixels = new byte[5 * 2 * 3];
    new Random(1).nextBytes(pixels);
    for (int v = 0; v < 30; v++) pixels[v] = (byte) (v * 9); // a spread of values, 0 and 255 among them
    pixels[29] = (byte) 255;
    ByteImages images = new ByteImages(pixels, 5, 1, 2, 3);
    float[] whole = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) whole[i] = (pixels[i] & 0xFF) / 255f; // what the loader did before

    Tensor batch = images.batch(new int[] {4, 0, 4});
    assertThat(batch.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(batch.shapeArray()).containsExactly(3, 1, 2, 3);
    float[] b = batch.toFloatArray();
    int[] rows = {4, 0, 4};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 6; j++) {
        assertThat(Float.floatToRawIntBits(b[i * 6 + j])).isEqualTo(Float.floatToRawIntBits(whole[rows[i] * 6 + j]));
      }
    }
    assertThat(images.all().toFloatArray()).containsExactly(whole);
    assertThat(images.image(4).shapeArray()).containsExactly(1, 2, 3);
    assertThat(images.image(4).toFloatArray()).containsExactly(java.util.Arrays.copyOfRange(whole, 24, 30));
  }

  @Test
  void everyByteValueMatchesIdxToFloat() {
    byte[] all = new byte[256];
    for (int v = 0; v < 256; v++) all[v] = (byte) v;
    float[] expected = new float[256];
    for (int v = 0; v < 256; v++) expected[v] = v / 255f;
    assertThat(new ByteImages(all, 256, 1).all().toFloatArray()).containsExactly(expected);
  }

  @Test
  void rejectsAnIndexOutOfRange() {
    ByteImages images = new ByteImages(new byte[4], 2, 2);
    assertThatThrownBy(() -> images.batch(new int[] {2})).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("index 2");
  }
}
