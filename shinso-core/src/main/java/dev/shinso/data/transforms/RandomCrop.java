package dev.shinso.data.transforms;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/**
 * Pads each image of a batch [N, C, H, W] with padding zeros on every side, then cuts a size × size
 * window at a random offset, drawn per image (top, then left) from the generator
 * (torchvision's RandomCrop(size, padding)).
 */
public final class RandomCrop implements Transform {
  private final int size;
  private final int padding;

  public RandomCrop(int size, int padding) {
    if (size < 1 || padding < 0) {
      throw new IllegalArgumentException("RandomCrop: size must be positive and padding non-negative, got size " + size
          + ", padding " + padding);
    }
    this.size = size;
    this.padding = padding;
  }

  public RandomCrop(int size) {
    this(size, 0);
  }

  @Override
  public Tensor apply(Tensor batch, Generator generator) {
    ImageBatch.require("RandomCrop", batch);
    int n = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
    int p = padding;
    if (size > h + 2 * p || size > w + 2 * p) {
      throw new IllegalArgumentException("RandomCrop: a " + size + "x" + size + " crop does not fit a batch of shape "
          + batch.shapeString() + " padded by " + p);
    }
    float[] src = batch.toFloatArray();
    float[] out = new float[n * c * size * size];
    for (int i = 0; i < n; i++) {
      int top = (int) generator.nextLong(h + 2 * p - size + 1) - p; // window origin in unpadded coordinates
      int left = (int) generator.nextLong(w + 2 * p - size + 1) - p;
      int x0 = Math.max(0, -left), x1 = Math.min(size, w - left); // window columns that fall on the image
      for (int ch = 0; ch < c; ch++) {
        int plane = (i * c + ch) * h * w;
        int outPlane = (i * c + ch) * size * size;
        for (int y = 0; y < size; y++) {
          int sy = top + y;
          if (sy < 0 || sy >= h || x1 <= x0) continue; // a row of padding stays zero
          System.arraycopy(src, plane + sy * w + left + x0, out, outPlane + y * size + x0, x1 - x0);
        }
      }
    }
    return Tensor.of(batch.device(), out, n, c, size, size);
  }

  @Override
  public String toString() {
    return "RandomCrop(size=" + size + ", padding=" + padding + ")";
  }
}
