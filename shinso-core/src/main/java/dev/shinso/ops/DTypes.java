package dev.shinso.ops;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Operands brought to the dtype a kernel computes in, outside the graph (the op records its own
 * node), and the check of ops that, as in PyTorch, take floating operands of one dtype only.
 */
public final class DTypes {
  private DTypes() {}

  /**
   * Fails unless every non-null tensor is floating and all share one dtype, naming the op, and each
   * tensor's role (names[i]), shape and dtype.
   */
  public static void requireSameFloating(String op, String[] names, Tensor... tensors) {
    DType first = null;
    boolean ok = true;
    for (Tensor t : tensors) {
      if (t == null) continue;
      if (first == null) first = t.dtype();
      ok &= t.dtype().isFloatingPoint() && t.dtype() == first;
    }
    if (ok) return;
    StringBuilder got = new StringBuilder();
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] == null) continue;
      got.append(got.isEmpty() ? "" : ", ").append(names[i]).append(' ').append(tensors[i].dtype()).append(' ')
          .append(tensors[i].shapeString());
    }
    throw new IllegalArgumentException(op + ": expected floating-point tensors of one dtype (float32 or float64), got "
        + got);
  }

  static Tensor cast(Tensor x, DType dtype) {
    return x.dtype() == dtype ? x : x.detach().to(dtype);
  }

  /** x itself when floating, else as FLOAT32 (integers go through float kernels, as torch's true division). */
  static Tensor floating(Tensor x) {
    return cast(x, x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT32);
  }

  /** The dtype of a two-input op: a and b promoted, and floating when the op always is. */
  static DType common(Tensor a, Tensor b, boolean floatResult) {
    DType t = DType.promote(a, b);
    return floatResult && !t.isFloatingPoint() ? DType.FLOAT32 : t;
  }
}
