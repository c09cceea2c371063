package dev.shinso.cuda;

import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/**
 * Equally shaped strided operands as a kernel iterates them: size-1 dims dropped and adjacent dims
 * merged wherever every operand allows it (outer stride = inner stride × inner size), so that a
 * contiguous tensor is one dim and the kernel's index arithmetic is as short as it can be. The
 * sizes become the kernel's Dims and each operand's offset and strides its View.
 */
record Layout(int[] sizes, int[][] strides, int[] offsets) {
  /** The operands' own strides and offsets over {@code shape} (each operand already of that shape). */
  static Layout of(String op, int[] shape, Tensor... operands) {
    int[][] strides = new int[operands.length][];
    int[] offsets = new int[operands.length];
    for (int o = 0; o < operands.length; o++) {
      strides[o] = operands[o].stridesArray();
      offsets[o] = operands[o].offset();
    }
    return of(op, shape, strides, offsets);
  }

  static Layout of(String op, int[] shape, int[][] strides, int[] offsets) {
    int ops = strides.length;
    int[] sizes = new int[shape.length];
    int[][] merged = new int[ops][shape.length];
    int rank = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) continue;  // never moves an index
      if (rank > 0 && mergeable(merged, strides, rank - 1, d, shape[d])) {
        sizes[rank - 1] *= shape[d];
        for (int o = 0; o < ops; o++) merged[o][rank - 1] = strides[o][d];
      } else {
        sizes[rank] = shape[d];
        for (int o = 0; o < ops; o++) merged[o][rank] = strides[o][d];
        rank++;
      }
    }
    if (rank == 0) {  // a scalar or all dims of size 1: one element
      return new Layout(new int[] {1}, new int[ops][1], offsets.clone());
    }
    if (rank > KernelArgs.MAX_DIMS) {
      throw new IllegalStateException("cuda " + op + ": shape " + Shape.format(shape) + " with strides "
          + Arrays.deepToString(strides) + " has " + rank + " dims that cannot be merged, more than the kernels' "
          + KernelArgs.MAX_DIMS + "; make the tensor contiguous first");
    }
    int[][] out = new int[ops][];
    for (int o = 0; o < ops; o++) out[o] = Arrays.copyOf(merged[o], rank);
    return new Layout(Arrays.copyOf(sizes, rank), out, offsets.clone());
  }

  /** Dim d (of size inner) joins merged dim k when, for every operand, k's stride = d's stride × inner. */
  private static boolean mergeable(int[][] merged, int[][] strides, int k, int d, int inner) {
    for (int o = 0; o < strides.length; o++) {
      if ((long) merged[o][k] != (long) strides[o][d] * inner) return false;
    }
    return true;
  }

  int numel() {
    int n = 1;
    for (int s : sizes) n *= s;
    return n;
  }

  KernelArgs dims(KernelArgs args) {
    return args.dims(sizes);
  }

  /** Operand o's View. */
  KernelArgs view(KernelArgs args, int o) {
    return args.view(offsets[o], strides[o]);
  }
}
