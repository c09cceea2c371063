package dev.shinso.autograd;

import dev.shinso.tensor.Tensor;

/**
 * Anomaly detection (torch.autograd.detect_anomaly): inside the scope, every recorded op checks its
 * output and every backward step checks the gradients it produced, and the first NaN or infinity
 * raises an error naming the op, instead of surfacing many steps later as a NaN loss. It costs a
 * pass over every tensor, so it is for debugging: {@code try (var a = Anomaly.detect()) { ... }}.
 */
public final class Anomaly implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private boolean closed;

  private Anomaly() {
    DEPTH.get()[0]++;
  }

  public static Anomaly detect() {
    return new Anomaly();
  }

  public static boolean isEnabled() {
    return DEPTH.get()[0] > 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      DEPTH.get()[0]--;
    }
  }

  /** Throws when t holds a NaN or an infinity; what names the tensor in the message. */
  static void check(Tensor t, String what) {
    if (t == null || !t.dtype().isFloatingPoint()) return;
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalStateException("anomaly: " + what + " of shape " + t.shapeString() + " has "
            + v[i] + " at flat index " + i);
      }
    }
  }
}
