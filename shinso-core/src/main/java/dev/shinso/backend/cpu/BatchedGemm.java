package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Batched matmul over strided views. Each matrix is handed to {@link Gemm} as it lies when one of
 * its two dims is unit-stride (a transposed view becomes a transpose flag, not a copy); other
 * layouts are copied first. A batch that shares one right-hand matrix and has contiguous rows on
 * the left is folded into a single tall product.
 */
final class BatchedGemm {
  private BatchedGemm() {}

  static Tensor matmul(Tensor a, Tensor b) {
    int rank = a.dim();
    int m = a.size(rank - 2), k = a.size(rank - 1), n = b.size(rank - 1);
    int[] outShape = a.shapeArray();
    outShape[rank - 1] = n;
    Tensor out = empty(DType.FLOAT32, outShape);
    int batch = out.numel() / Math.max(1, m * n);
    if (out.numel() == 0) return out;
    float[] c = floats(out);
    if (rank > 2 && foldable(a, b)) {
      Operand bo = Operand.of(b, rank, k, n);
      b = bo.source;
      Gemm.sgemm(false, bo.trans, batch * m, n, k, floats(a), a.offset(), k,
          floats(b), bo.offset(b, 0), bo.ld, c, 0, n, false);
      return out;
    }
    Operand ao = Operand.of(a, rank, m, k);
    Operand bo = Operand.of(b, rank, k, n);
    float[] ad = floats(ao.source), bd = floats(bo.source);
    Tensor as = ao.source, bs = bo.source;
    if (batch > 1 && (long) m * n * k < 64L * 64 * 64) {
      // Many small products: one per task, each single-threaded inside.
      IntraOpPool.parallelFor(batch, Math.max(1, (int) (32768 / Math.max(1L, (long) m * n * k))), (s, e) -> {
        for (int i = s; i < e; i++) {
          Gemm.sgemm(ao.trans, bo.trans, m, n, k, ad, ao.offset(as, i), ao.ld, bd, bo.offset(bs, i), bo.ld,
              c, i * m * n, n, false);
        }
      });
    } else {
      for (int i = 0; i < batch; i++) {
        Gemm.sgemm(ao.trans, bo.trans, m, n, k, ad, ao.offset(as, i), ao.ld, bd, bo.offset(bs, i), bo.ld,
            c, i * m * n, n, false);
      }
    }
    return out;
  }

  /** b's batch dims are all broadcast (stride 0) and a is contiguous: then a is one (batch·m)×k matrix. */
  private static boolean foldable(Tensor a, Tensor b) {
    if (!a.isContiguous()) return false;
    for (int d = 0; d < b.dim() - 2; d++) if (b.stride(d) != 0 && b.size(d) != 1) return false;
    return true;
  }

  /** How one side's matrices lie: transposed or not, leading dim, and the tensor to read. */
  private record Operand(Tensor source, boolean trans, int ld) {
    static Operand of(Tensor t, int rank, int rows, int cols) {
      int rs = t.stride(rank - 2), cs = t.stride(rank - 1);
      if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols)) return new Operand(t, false, Math.max(rows == 1 ? cols : rs, cols));
      if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows)) return new Operand(t, true, Math.max(cols == 1 ? rows : cs, rows));
      Tensor c = CpuTensors.contiguous(t);
      return new Operand(c, false, cols);
    }

    int offset(Tensor t, int i) {
      return batchOffset(t, i);
    }
  }

  /** Offset of batch i's matrix in t (row-major over the dims before the last two). */
  static int batchOffset(Tensor t, int i) {
    int off = t.offset();
    for (int d = t.dim() - 3; d >= 0 && i > 0; d--) {
      int size = t.size(d);
      off += (i % size) * t.stride(d);
      i /= size;
    }
    return off;
  }
}
