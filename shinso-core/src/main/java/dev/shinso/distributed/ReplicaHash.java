package dev.shinso.distributed;

import dev.shinso.tensor.Tensor;
import java.util.List;

/** A 64-bit hash of tensors' exact bits and shapes: equal replicas give equal hashes. */
final class ReplicaHash {
  private ReplicaHash() {}

  static long of(List<? extends Tensor> tensors) {
    long h = 0x9E37_79B9_7F4A_7C15L;
    for (Tensor t : tensors) {
      for (int d : t.shapeArray()) h = mix(h, d);
      h = mix(h, -1);
      if (t.dtype() == dev.shinso.tensor.DType.INT64) {
        for (long v : t.toLongArray()) h = mix(h, v);
      } else {
        for (float v : t.toFloatArray()) h = mix(h, Float.floatToRawIntBits(v));
      }
    }
    return h;
  }

  /** One round of a multiply-xorshift mix (SplitMix64's finaliser) folded into h. */
  private static long mix(long h, long v) {
    long z = h ^ (v + 0x9E37_79B9_7F4A_7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
