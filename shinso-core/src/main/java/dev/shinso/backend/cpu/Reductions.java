package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;
import static dev.shinso.backend.cpu.Simd.F;
import static dev.shinso.backend.cpu.Simd.LANES;

import dev.shinso.backend.ReduceOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions. The reduced dims are moved innermost and made contiguous, so each output element
 * reduces one contiguous row with vectors; when they lead a contiguous tensor (a bias gradient's
 * sum over the batch), whole rows are accumulated column-wise instead, with no copy.
 */
final class Reductions {
  /** Sums are accumulated in float vectors over blocks of this many elements, then in double. */
  private static final int SUM_BLOCK = 4096;

  private Reductions() {}

  static Tensor reduce(ReduceOp op, Tensor x, int[] dims) {
    int rank = x.dim();
    boolean[] reduced = new boolean[rank];
    for (int d : dims) reduced[d] = true;
    int[] outShape = x.shapeArray();
    int reducedCount = 1;
    for (int d : dims) {
      reducedCount *= outShape[d];
      outShape[d] = 1;
    }
    Tensor src = x.dtype() == DType.FLOAT32 ? x : toFloat(x);
    Tensor out = empty(DType.FLOAT32, outShape);
    if (reducedCount == 0) {
      if (op != ReduceOp.SUM) {
        throw new IllegalArgumentException(op.name().toLowerCase() + ": cannot reduce over an empty dimension of "
            + x.shapeString());
      }
      return out;
    }
    int keptCount = out.numel();
    if (src.isContiguous() && isPrefix(dims) && keptCount >= 2 * LANES) { // columns wide enough for vectors
      columns(op, floats(src), src.offset(), reducedCount, keptCount, floats(out));
      return out;
    }
    int firstKept = 0, lastKept = rank - 1;
    while (firstKept < rank && reduced[firstKept]) firstKept++;
    while (lastKept >= 0 && reduced[lastKept]) lastKept--;
    int inner = 1;
    for (int d = lastKept + 1; d < rank; d++) inner *= x.size(d);
    if (src.isContiguous() && keptCount == runLength(x, firstKept, lastKept) && inner >= LANES) {
      planes(op, floats(src), src.offset(), reducedCount / inner, keptCount, inner, floats(out));
      return out;
    }
    int[] perm = new int[rank];
    int k = 0;
    for (int d = 0; d < rank; d++) if (!reduced[d]) perm[k++] = d;
    for (int d : dims) perm[k++] = d;
    Tensor rows = CpuTensors.contiguous(CpuTensors.permuted(src, perm));
    float[] data = floats(rows);
    float[] y = floats(out);
    int base = rows.offset();
    int len = reducedCount;
    IntraOpPool.parallelFor(keptCount, Math.max(1, CpuBackend.GRAIN / len), (start, end) -> {
      for (int r = start; r < end; r++) y[r] = row(op, data, base + r * len, len);
    });
    return out;
  }

  /** The number of elements of dims first..last of x: the kept count when those are the only kept dims. */
  private static int runLength(Tensor x, int first, int last) {
    int n = 1;
    for (int d = first; d <= last; d++) n *= x.size(d);
    return n;
  }

  /**
   * x as [outer, kept, inner] reduced over outer and inner, as a bias gradient sums [N, C, H, W]
   * over all but C: each kept index reduces its contiguous planes in place, where the general path
   * made a permuted copy of all of x first.
   */
  private static void planes(ReduceOp op, float[] x, int off, int outer, int kept, int inner, float[] y) {
    IntraOpPool.parallelFor(kept, Math.max(1, CpuBackend.GRAIN / (outer * inner)), (start, end) -> {
      for (int j = start; j < end; j++) {
        if (op == ReduceOp.SUM) {
          double total = 0;
          for (int a = 0; a < outer; a++) total += sum(x, off + (a * kept + j) * inner, inner);
          y[j] = (float) total;
        } else {
          float r = row(op, x, off + j * inner, inner);
          for (int a = 1; a < outer; a++) r = combine(op, r, row(op, x, off + (a * kept + j) * inner, inner));
          y[j] = r;
        }
      }
    });
  }

  private static boolean isPrefix(int[] dims) {
    for (int i = 0; i < dims.length; i++) if (dims[i] != i) return false;
    return true;
  }

  private static Tensor toFloat(Tensor x) {
    Tensor f = empty(DType.FLOAT32, x.shapeArray());
    CpuBackend.INSTANCE.copyInto(f, x);
    return f;
  }

  /** y[j] = op over i of x[i*cols + j]: vectors run along the contiguous columns. */
  private static void columns(ReduceOp op, float[] x, int off, int rowsCount, int cols, float[] y) {
    IntraOpPool.parallelFor(cols, Math.max(LANES, CpuBackend.GRAIN / Math.max(rowsCount, 1)), (start, end) -> {
      System.arraycopy(x, off + start, y, start, end - start);
      for (int i = 1; i < rowsCount; i++) {
        int rowOff = off + i * cols;
        int j = start;
        int vend = Simd.vectorEnd(start, end);
        switch (op) {
          case SUM -> { for (; j < vend; j += LANES) ld(y, j).add(ld(x, rowOff + j)).intoArray(y, j); }
          case MAX -> { for (; j < vend; j += LANES) ld(y, j).max(ld(x, rowOff + j)).intoArray(y, j); }
          case MIN -> { for (; j < vend; j += LANES) ld(y, j).min(ld(x, rowOff + j)).intoArray(y, j); }
        }
        for (; j < end; j++) y[j] = combine(op, y[j], x[rowOff + j]);
      }
    });
  }

  private static float row(ReduceOp op, float[] x, int off, int len) {
    return switch (op) {
      case SUM -> sum(x, off, len);
      case MAX, MIN -> extremum(op == ReduceOp.MAX, x, off, len);
    };
  }

  static float sum(float[] x, int off, int len) {
    double total = 0;
    for (int blockStart = 0; blockStart < len; blockStart += SUM_BLOCK) {
      int end = Math.min(len, blockStart + SUM_BLOCK);
      int i = blockStart;
      int vend = Simd.vectorEnd(blockStart, end);
      float block = 0f;
      if (vend > i) {
        FloatVector acc = FloatVector.zero(F);
        for (; i < vend; i += LANES) acc = acc.add(ld(x, off + i));
        block = sumLanes(acc);
      }
      for (; i < end; i++) block += x[off + i];
      total += block;
    }
    return (float) total;
  }

  /**
   * The lanes' sum in a fixed order (for the batch-norm kernels too). reduceLanes(ADD) may add in
   * another order once C2 has compiled it than before, which changed training results with the
   * JIT's state.
   */
  static float sumLanes(FloatVector v) {
    float[] lanes = new float[LANES];
    v.intoArray(lanes, 0);
    float s = 0f;
    for (float x : lanes) s += x;
    return s;
  }

  private static float extremum(boolean max, float[] x, int off, int len) {
    int i = 0;
    int vend = Simd.vectorEnd(0, len);
    float r = x[off];
    if (vend > 0) {
      FloatVector acc = ld(x, off);
      for (i = LANES; i < vend; i += LANES) acc = max ? acc.max(ld(x, off + i)) : acc.min(ld(x, off + i));
      r = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
    }
    for (; i < len; i++) r = max ? Math.max(r, x[off + i]) : Math.min(r, x[off + i]);
    return r;
  }

  private static float combine(ReduceOp op, float a, float b) {
    return switch (op) {
      case SUM -> a + b;
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
    };
  }

  /** Index of the first max (or min) along dim; NaN counts as the extreme, as in PyTorch. */
  static Tensor argReduce(boolean max, Tensor x, int dim) {
    int rank = x.dim();
    int[] perm = new int[rank];
    int k = 0;
    for (int d = 0; d < rank; d++) if (d != dim) perm[k++] = d;
    perm[k] = dim;
    Tensor src = x.dtype() == DType.FLOAT32 ? x : toFloat(x);
    Tensor rows = CpuTensors.contiguous(CpuTensors.permuted(src, perm));
    int[] outShape = x.shapeArray();
    int len = outShape[dim];
    if (len == 0) {
      throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": dimension " + dim + " of "
          + x.shapeString() + " is empty");
    }
    outShape[dim] = 1;
    Tensor out = empty(DType.INT64, outShape);
    float[] data = floats(rows);
    long[] y = longs(out);
    int base = rows.offset();
    for (int r = 0; r < y.length; r++) {
      int off = base + r * len;
      int best = 0;
      float bv = data[off];
      for (int i = 1; i < len && !Float.isNaN(bv); i++) {
        float v = data[off + i];
        if (Float.isNaN(v) || (max ? v > bv : v < bv)) {
          bv = v;
          best = i;
        }
      }
      y[r] = best;
    }
    return out;
  }

  private static FloatVector ld(float[] a, int offset) {
    return FloatVector.fromArray(F, a, offset);
  }
}
