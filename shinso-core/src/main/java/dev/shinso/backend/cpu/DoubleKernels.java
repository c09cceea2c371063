package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.doubles;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;

import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * The FLOAT64 primitives of the CPU backend: plain loops over strided operands in double (see
 * {@link DoubleMath}); every composite op (convolution, pooling, norms, attention, optimisers)
 * runs on these. Mixed-dtype copies go through here too.
 */
final class DoubleKernels {
  private DoubleKernels() {}

  static Tensor unary(UnaryOp op, Tensor x, double p, double q) {
    Tensor out = empty(DType.FLOAT64, x.shapeArray());
    StridedLoop loop = loop(out, x);
    int xs = loop.innerStride(1);
    double[] xd = doubles(x), yd = doubles(out);
    loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
      for (int i = start; i < end; i++) yd[o[0] + i] = DoubleMath.apply(op, xd[o[1] + i * xs], p, q);
    });
    return out;
  }

  /** out = a op b, a and b FLOAT64; out is FLOAT64, or FLOAT32 for a comparison. */
  static void binary(BinaryOp op, Tensor out, Tensor a, Tensor b) {
    StridedLoop loop = loop(out, a, b);
    int ys = loop.innerStride(0), as = loop.innerStride(1), bs = loop.innerStride(2);
    double[] ad = doubles(a), bd = doubles(b);
    if (out.dtype() == DType.FLOAT32) {
      float[] yd = floats(out);
      loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) {
          yd[o[0] + i * ys] = (float) DoubleMath.apply(op, ad[o[1] + i * as], bd[o[2] + i * bs]);
        }
      });
    } else {
      double[] yd = doubles(out);
      loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) yd[o[0] + i * ys] = DoubleMath.apply(op, ad[o[1] + i * as], bd[o[2] + i * bs]);
      });
    }
  }

  /** cond ? a : b elementwise into a fresh FLOAT64 tensor; cond is any dtype (nonzero = true). */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Tensor out = empty(DType.FLOAT64, a.shapeArray());
    StridedLoop loop = loop(out, cond, a, b);
    int cs = loop.innerStride(1), as = loop.innerStride(2), bs = loop.innerStride(3);
    Object c = ((CpuStorage) cond.storage()).array();
    double[] ad = doubles(a), bd = doubles(b), yd = doubles(out);
    loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
      for (int i = start; i < end; i++) yd[o[0] + i] = read(c, o[1] + i * cs) != 0 ? ad[o[2] + i * as] : bd[o[3] + i * bs];
    });
    return out;
  }

  static void fill(Tensor dst, double value) {
    StridedLoop loop = loop(dst);
    int ds = loop.innerStride(0);
    double[] d = doubles(dst);
    loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
      for (int i = start; i < end; i++) d[o[0] + i * ds] = value;
    });
  }

  /** dst = src converted, where either is FLOAT64 (to an integer: truncated toward zero, as torch). */
  static void copy(Tensor dst, Tensor src) {
    StridedLoop loop = loop(dst, src);
    int ds = loop.innerStride(0), ss = loop.innerStride(1);
    Object s = ((CpuStorage) src.storage()).array();
    switch (dst.dtype()) {
      case FLOAT64 -> {
        double[] d = doubles(dst);
        loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
          for (int i = start; i < end; i++) d[o[0] + i * ds] = read(s, o[1] + i * ss);
        });
      }
      case FLOAT32 -> {
        float[] d = floats(dst);
        double[] sd = (double[]) s;
        loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
          for (int i = start; i < end; i++) d[o[0] + i * ds] = (float) sd[o[1] + i * ss];
        });
      }
      case INT64 -> {
        long[] d = longs(dst);
        double[] sd = (double[]) s;
        loop.forEach(CpuBackend.GRAIN, (o, start, end) -> {
          for (int i = start; i < end; i++) d[o[0] + i * ds] = (long) sd[o[1] + i * ss];
        });
      }
    }
  }

  /** Sum, max or min over dims, kept as size 1; NaN propagates through max and min. */
  static Tensor reduce(ReduceOp op, Tensor x, int[] dims) {
    Rows rows = Rows.of(x, dims);
    Tensor out = empty(DType.FLOAT64, rows.outShape);
    if (rows.length == 0 && op != ReduceOp.SUM) {
      throw new IllegalArgumentException(op.name().toLowerCase() + ": cannot reduce over an empty dimension of "
          + x.shapeString());
    }
    double[] src = doubles(rows.data), y = doubles(out);
    IntraOpPool.parallelFor(y.length, Math.max(1, 4096 / Math.max(1, rows.length)), (s, e) -> {
      for (int r = s; r < e; r++) {
        int off = rows.data.offset() + r * rows.length;
        double acc = op == ReduceOp.SUM ? 0 : src[off];
        for (int i = op == ReduceOp.SUM ? 0 : 1; i < rows.length; i++) {
          double v = src[off + i];
          acc = switch (op) {
            case SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
          };
        }
        y[r] = acc;
      }
    });
    return out;
  }

  /** Index of the first max (or min) along dim; NaN counts as the extreme, as in PyTorch. */
  static Tensor argReduce(boolean max, Tensor x, int dim) {
    Rows rows = Rows.of(x, new int[] {dim});
    if (rows.length == 0) {
      throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": dimension " + dim + " of "
          + x.shapeString() + " is empty");
    }
    Tensor out = empty(DType.INT64, rows.outShape);
    double[] data = doubles(rows.data);
    long[] y = longs(out);
    for (int r = 0; r < y.length; r++) {
      int off = rows.data.offset() + r * rows.length, best = 0;
      double bv = data[off];
      for (int i = 1; i < rows.length && !Double.isNaN(bv); i++) {
        double v = data[off + i];
        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
          bv = v;
          best = i;
        }
      }
      y[r] = best;
    }
    return out;
  }

  /** Batched a @ b over strided views of equal rank (batch dims already broadcast), one output row per task. */
  static Tensor matmul(Tensor a, Tensor b) {
    int rank = a.dim();
    int m = a.size(rank - 2), k = a.size(rank - 1), n = b.size(rank - 1);
    int[] outShape = a.shapeArray();
    outShape[rank - 1] = n;
    Tensor out = empty(DType.FLOAT64, outShape);
    if (out.numel() == 0) return out;
    double[] ad = doubles(a), bd = doubles(b), c = doubles(out);
    int ar = a.stride(rank - 2), ac = a.stride(rank - 1), br = b.stride(rank - 2), bc = b.stride(rank - 1);
    IntraOpPool.parallelFor(out.numel() / n, Math.max(1, 16384 / Math.max(1, n * k)), (s, e) -> {
      for (int row = s; row < e; row++) {
        int batch = row / m, i = row % m;
        int ao = BatchedGemm.batchOffset(a, batch) + i * ar, bo = BatchedGemm.batchOffset(b, batch);
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int p = 0; p < k; p++) acc += ad[ao + p * ac] * bd[bo + p * br + j * bc];
          c[row * n + j] = acc;
        }
      }
    });
    return out;
  }

  /** x with the dims to reduce moved innermost and made contiguous: one row per output element. */
  private record Rows(Tensor data, int length, int[] outShape) {
    static Rows of(Tensor x, int[] dims) {
      int rank = x.dim();
      boolean[] reduced = new boolean[rank];
      for (int d : dims) reduced[d] = true;
      int[] perm = new int[rank], outShape = x.shapeArray();
      int k = 0, length = 1;
      for (int d = 0; d < rank; d++) if (!reduced[d]) perm[k++] = d;
      for (int d = 0; d < rank; d++) {
        if (reduced[d]) {
          perm[k++] = d;
          length *= outShape[d];
          outShape[d] = 1;
        }
      }
      return new Rows(CpuTensors.contiguous(CpuTensors.permuted(x, perm)), length, outShape);
    }
  }

  /** Element i of a float[], double[] or long[] as a double. */
  private static double read(Object array, int i) {
    return switch (array) {
      case double[] d -> d[i];
      case float[] f -> f[i];
      case long[] l -> l[i];
      default -> throw new IllegalStateException("unknown storage array " + array.getClass());
    };
  }

  private static StridedLoop loop(Tensor... operands) {
    return CpuBackend.loop(operands);
  }
}
