package dev.shinso.backend.cpu;

import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/** Raw access for the CPU kernels: arrays, fresh outputs, and views that record no graph. */
final class CpuTensors {
  private CpuTensors() {}

  static float[] floats(Tensor t) {
    return ((CpuStorage) t.storage()).floats();
  }

  static double[] doubles(Tensor t) {
    return ((CpuStorage) t.storage()).doubles();
  }

  static long[] longs(Tensor t) {
    return ((CpuStorage) t.storage()).longs();
  }

  static Tensor empty(DType dtype, int[] shape) {
    return Tensors.ofStorage(CpuStorage.allocate(dtype, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  /** A view of x with its dims reordered; no graph, no copy. */
  static Tensor permuted(Tensor x, int[] perm) {
    int[] shape = new int[perm.length];
    int[] strides = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = x.size(perm[i]);
      strides[i] = x.stride(perm[i]);
    }
    return Tensors.ofStorage(x.storage(), shape, strides, x.offset());
  }

  /** x itself when contiguous, else a contiguous copy; no graph. */
  static Tensor contiguous(Tensor x) {
    if (x.isContiguous()) return x;
    Tensor out = empty(x.dtype(), x.shapeArray());
    CpuBackend.INSTANCE.copyInto(out, x);
    return out;
  }
}
