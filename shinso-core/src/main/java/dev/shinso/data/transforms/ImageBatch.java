package dev.shinso.data.transforms;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/** The check every image transform makes on its input. */
final class ImageBatch {
  private ImageBatch() {}

  /** Checks that batch is a FLOAT32 [N, C, H, W] tensor; the error names the transform and the shape. */
  static void require(String op, Tensor batch) {
    if (batch.dim() != 4 || batch.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(op + ": expects a float32 batch [N, C, H, W], got " + batch.dtype() + " "
          + batch.shapeString());
    }
  }
}
