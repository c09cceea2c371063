package dev.shinso.data.transforms;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/** Mirrors each image of a batch [N, C, H, W] left to right with probability p, drawn per image. */
public final class RandomHorizontalFlip implements Transform {
  private final float p;

  public RandomHorizontalFlip(float p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    this.p = p;
  }

  public RandomHorizontalFlip() {
    this(0.5f);
  }

  @Override
  public Tensor apply(Tensor batch, Generator generator) {
    ImageBatch.require("RandomHorizontalFlip", batch);
    int n = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
    float[] data = batch.toFloatArray(); // a fresh copy: flipped in place
    int imageSize = c * h * w;
    for (int i = 0; i < n; i++) {
      if (!(generator.nextFloat() < p)) continue;
      for (int row = i * imageSize; row < (i + 1) * imageSize; row += w) {
        for (int a = row, b = row + w - 1; a < b; a++, b--) {
          float t = data[a];
          data[a] = data[b];
          data[b] = t;
        }
      }
    }
    return Tensor.of(batch.device(), data, n, c, h, w);
  }

  @Override
  public String toString() {
    return "RandomHorizontalFlip(p=" + p + ")";
  }
}
