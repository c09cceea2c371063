package dev.shinso.data.datasets;

import dev.shinso.data.Dataset;
import dev.shinso.tensor.Tensor;

/**
 * Images held as the file's unsigned bytes and turned into FLOAT32 in [0, 1] only when asked for, as
 * torchvision keeps MNIST as uint8: Fashion-MNIST's 60,000 training images are 47 MB as bytes and
 * 188 MB as floats. Every float is byte / 255f, exactly the value of converting the whole set at once.
 */
final class ByteImages {
  /** v / 255f for each byte value v: one division per value, so every conversion gives the same floats. */
  private static final float[] SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) SCALE[v] = v / 255f;
  }

  private final byte[] pixels;
  private final int count;
  private final int[] imageShape;
  private final int imageSize;

  /** count images of imageShape each, one after another in pixels (the array itself, not a copy). */
  ByteImages(byte[] pixels, int count, int... imageShape) {
    int size = 1;
    for (int d : imageShape) size *= d;
    if ((long) size * count != pixels.length) {
      throw new IllegalArgumentException("ByteImages: " + pixels.length + " bytes do not hold " + count + " images of "
          + size);
    }
    this.pixels = pixels;
    this.count = count;
    this.imageShape = imageShape.clone();
    this.imageSize = size;
  }

  int count() {
    return count;
  }

  /** The images at indices, FLOAT32 [indices.length, imageShape...]: a fresh tensor. */
  Tensor batch(int[] indices) {
    float[] out = new float[indices.length * imageSize];
    for (int i = 0; i < indices.length; i++) {
      int from = Dataset.checkIndex("ByteImages.batch", indices[i], count) * imageSize, to = i * imageSize;
      for (int j = 0; j < imageSize; j++) out[to + j] = SCALE[pixels[from + j] & 0xFF];
    }
    return Tensor.wrap(out, shape(indices.length));
  }

  /** One image, FLOAT32 [imageShape...]. */
  Tensor image(int index) {
    return batch(new int[] {index}).view(imageShape);
  }

  /** All images, FLOAT32 [count, imageShape...]: a fresh tensor of the whole set. */
  Tensor all() {
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = SCALE[pixels[i] & 0xFF];
    return Tensor.wrap(out, shape(count));
  }

  private int[] shape(int n) {
    int[] s = new int[imageShape.length + 1];
    s[0] = n;
    System.arraycopy(imageShape, 0, s, 1, imageShape.length);
    return s;
  }
}
