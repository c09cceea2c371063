package dev.shinso.cuda;

import dev.shinso.internal.Tensors;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** A view of t broadcast to shape (missing leading dims and expanded size-1 dims get stride 0). */
final class Broadcast {
  private Broadcast() {}

  static Tensor to(Tensor t, int[] shape) {
    if (Arrays.equals(t.shapeArray(), shape)) return t;
    int lead = shape.length - t.dim();
    int[] strides = new int[shape.length];
    for (int d = lead; d < shape.length; d++) {
      strides[d] = t.size(d - lead) == 1 && shape[d] != 1 ? 0 : t.stride(d - lead);
    }
    return Tensors.ofStorage(t.storage(), shape, strides, t.offset());
  }
}
