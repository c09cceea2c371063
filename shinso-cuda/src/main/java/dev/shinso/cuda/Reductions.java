package dev.shinso.cuda;

import dev.shinso.backend.ReduceOp;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * Launches of reduce.cu. The kept dims and the reduced dims are each a Layout of x's own strides,
 * so any set of dims reduces in place, without the permuted copy the CPU makes. An int64 input is
 * converted to float32 first, as on the CPU.
 */
final class Reductions {
  /** A reduction this long with fewer outputs than this many per multiprocessor is split in two passes. */
  static final int SPLIT_LENGTH = 1 << 16;
  static final int SPLIT_CHUNK = 1 << 13;
  static final int MAX_GROUPS = 1024;

  private Reductions() {}

  static Tensor reduce(CudaBackend b, ReduceOp op, Tensor x, int[] dims) {
    Tensor src = b.asFloat(x);
    int rank = x.dim();
    boolean[] reduced = new boolean[rank];
    for (int d : dims) reduced[d] = true;
    int[] outShape = x.shapeArray();
    for (int d : dims) outShape[d] = 1;
    Plan plan = Plan.of(x.shapeArray(), src.stridesArray(), reduced);
    if (plan.length == 0) {
      if (op != ReduceOp.SUM) {
        throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT) + ": cannot reduce over an "
            + "empty dimension of " + x.shapeString());
      }
      return b.zeros(DType.FLOAT32, outShape);
    }
    int outputs = Shape.numel(outShape);
    if (outputs == 0) return b.output(DType.FLOAT32, outShape);
    int groups = groups(outputs, plan.length, b.gpu().multiprocessors());
    int chunk = (plan.length + groups - 1) / groups;
    groups = (plan.length + chunk - 1) / chunk;
    Tensor y = b.output(DType.FLOAT32, groups == 1 ? outShape : new int[] {outputs, groups});
    int t = threadsPerOutput(chunk);
    long virtual = (long) outputs * groups;
    Layout kept = Layout.of("reduce", plan.keptSizes, new int[][] {plan.keptStrides}, new int[] {src.offset()});
    Layout red = Layout.of("reduce", plan.reducedSizes, new int[][] {plan.reducedStrides}, new int[] {0});
    KernelArgs args = KernelArgs.start().i32(op.ordinal()).i32((int) virtual).i32(groups).i32(plan.length).i32(chunk)
        .i32(t);
    kept.view(kept.dims(args), 0);
    red.view(red.dims(args), 0);
    args.ptr(b.base(src)).ptr(b.base(y));
    b.launchGrid(Kernel.REDUCE_F32, b.gridFor(virtual, CudaBackend.THREADS / t), args, src, y);
    if (groups == 1) return y;
    Tensor total = reduce(b, op, y, new int[] {1});  // the partials, [outputs, groups] -> [outputs, 1]
    return Tensors.ofStorage(total.storage(), outShape, Shape.contiguousStrides(outShape), 0);
  }

  /** Index of the first max (min) along dim; NaN is the extreme. */
  static Tensor argReduce(CudaBackend b, boolean max, Tensor x, int dim) {
    Tensor src = b.asFloat(x);
    int[] outShape = x.shapeArray();
    int length = outShape[dim];
    if (length == 0) {
      throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": dimension " + dim + " of " + x.shapeString()
          + " is empty");
    }
    outShape[dim] = 1;
    Tensor y = b.output(DType.INT64, outShape);
    int outputs = y.numel();
    if (outputs == 0) return y;
    boolean[] reduced = new boolean[x.dim()];
    reduced[dim] = true;
    Plan plan = Plan.of(x.shapeArray(), src.stridesArray(), reduced);
    Layout kept = Layout.of("argReduce", plan.keptSizes, new int[][] {plan.keptStrides}, new int[] {src.offset()});
    int t = threadsPerOutput(length);
    KernelArgs args = KernelArgs.start().i32(max ? 1 : 0).i32(outputs).i32(length).i32(t);
    kept.view(kept.dims(args), 0);
    args.i32(src.stride(dim)).ptr(b.base(src)).ptr(b.base(y));
    b.launchGrid(Kernel.ARGREDUCE_F32, b.gridFor(outputs, CudaBackend.THREADS / t), args, src, y);
    return y;
  }

  /** Threads that share one output: one for short rows, a warp, or the whole block for long ones. */
  static int threadsPerOutput(int length) {
    if (length < 8) return 1;
    if (length < 4096) return 32;
    return CudaBackend.THREADS;
  }

  /** Partial sums per output: 1, unless few outputs each reduce a long row (a full sum). */
  static int groups(int outputs, int length, int multiprocessors) {
    if (length < SPLIT_LENGTH || outputs >= 2 * multiprocessors) return 1;
    return (int) Math.min(MAX_GROUPS, (length + (long) SPLIT_CHUNK - 1) / SPLIT_CHUNK);
  }

  /** x's dims split into kept and reduced, each with its sizes and x's strides, in order. */
  record Plan(int[] keptSizes, int[] keptStrides, int[] reducedSizes, int[] reducedStrides, int length) {
    static Plan of(int[] shape, int[] strides, boolean[] reduced) {
      int r = 0;
      for (boolean b : reduced) if (b) r++;
      int[] ks = new int[shape.length - r], kst = new int[shape.length - r], rs = new int[r], rst = new int[r];
      int length = 1;
      for (int d = 0, i = 0, j = 0; d < shape.length; d++) {
        if (reduced[d]) {
          rs[j] = shape[d];
          rst[j++] = strides[d];
          length *= shape[d];
        } else {
          ks[i] = shape[d];
          kst[i++] = strides[d];
        }
      }
      return new Plan(ks, kst, rs, rst, length);
    }
  }
}
