package dev.shinso.cuda;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/**
 * Batched matmul with cuBLAS's strided batched sgemm. cuBLAS is column-major and a row-major matrix
 * is, read column-major, its transpose: so row-major C = A·B is computed as column-major
 * Cᵀ = Bᵀ·Aᵀ, B first. A view with a unit-stride dim is passed as it lies (a transposed view
 * becomes the transpose flag), and batch dims that step by one stride (0 when broadcast) become
 * the batch stride; any other layout is copied contiguous first. TF32 only when {@link Cuda#setAllowTf32}.
 */
final class Matmul {
  private Matmul() {}

  static Tensor matmul(CudaBackend b, Tensor a, Tensor bm) {
    int rank = a.dim();
    int m = a.size(rank - 2), k = a.size(rank - 1), n = bm.size(rank - 1);
    int[] outShape = a.shapeArray();
    outShape[rank - 1] = n;
    Tensor out = k == 0 ? b.zeros(DType.FLOAT32, outShape) : b.output(DType.FLOAT32, outShape);
    if (out.numel() == 0 || k == 0) return out;
    int batch = out.numel() / (m * n);
    Operand left = Operand.of(b, a, m, k), right = Operand.of(b, bm, k, n);
    String what = "[" + Arrays.toString(a.shapeArray()) + " @ " + Arrays.toString(bm.shapeArray()) + "]";
    b.gpu().sgemm(right.transposed, left.transposed, n, m, k, right.address, right.ld, right.batchStride,
        left.address, left.ld, left.batchStride, b.base(out), n, (long) m * n, batch, Cuda.allowTf32(), what);
    java.lang.ref.Reference.reachabilityFence(left.tensor);
    java.lang.ref.Reference.reachabilityFence(right.tensor);
    b.afterLibraryCall("cublasSgemmStridedBatched");
    return out;
  }

  /**
   * One side as cuBLAS reads it: the row-major rows×cols matrices of t seen column-major (not
   * transposed: a row-major matrix, whose column-major reading is its transpose; transposed: a
   * column-major one), its leading dim, and the step between the batch's matrices.
   */
  record Operand(Tensor tensor, long address, boolean transposed, int ld, long batchStride) {
    static Operand of(CudaBackend b, Tensor t, int rows, int cols) {
      int rank = t.dim();
      int rs = t.stride(rank - 2), cs = t.stride(rank - 1);
      long step = batchStride(t);
      if (step >= 0) {
        long address = b.storageOf(t).address(t.offset());
        if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols)) {
          return new Operand(t, address, false, rows == 1 ? Math.max(cols, 1) : rs, step);
        }
        if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows)) {
          return new Operand(t, address, true, cols == 1 ? Math.max(rows, 1) : cs, step);
        }
      }
      Tensor c = b.output(DType.FLOAT32, t.shapeArray());
      Elementwise.copy(b, c, t);
      return new Operand(c, b.storageOf(c).address(0), false, cols, (long) rows * cols);
    }

    /**
     * The stride between consecutive matrices of the batch when one stride steps through all batch
     * dims (0 when they are all broadcast), else -1.
     */
    static long batchStride(Tensor t) {
      long step = -1;
      long expected = -1;  // the stride the next outer batch dim must have
      for (int d = t.dim() - 3; d >= 0; d--) {
        int size = t.size(d), stride = t.stride(d);
        if (size == 1) continue;
        if (step < 0) {
          step = stride;
        } else if (stride != expected) {
          return -1;
        }
        expected = (long) stride * size;
      }
      return step < 0 ? 0 : step;
    }
  }
}
