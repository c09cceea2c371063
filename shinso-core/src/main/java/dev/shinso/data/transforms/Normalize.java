package dev.shinso.data.transforms;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** (x − mean[c]) / std[c] per channel c of a batch [N, C, H, W]; one value applies to every channel. */
public final class Normalize implements Transform {
  private final float[] mean;
  private final float[] std;

  public Normalize(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("Normalize: mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
          + " must have the same, non-zero length");
    }
    for (float s : std) {
      if (!(s > 0)) throw new IllegalArgumentException("Normalize: std must be positive, got " + Arrays.toString(std));
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** The same mean and std for every channel. */
  public Normalize(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  @Override
  public Tensor apply(Tensor batch, Generator generator) {
    ImageBatch.require("Normalize", batch);
    int c = mean.length;
    if (c != 1 && batch.size(1) != c) {
      throw new IllegalArgumentException("Normalize: " + c + " channel means for a batch of shape "
          + batch.shapeString() + " with " + batch.size(1) + " channels");
    }
    Tensor m = Tensor.of(batch.device(), mean, 1, c, 1, 1);
    Tensor s = Tensor.of(batch.device(), std, 1, c, 1, 1);
    return batch.sub(m).div(s);
  }

  @Override
  public String toString() {
    return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
