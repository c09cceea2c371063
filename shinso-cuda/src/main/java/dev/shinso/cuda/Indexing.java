package dev.shinso.cuda;

import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Launches of index.cu. Each kernel iterates the output (or, for scatterAdd, the index) shape with
 * three views; the indexed dim is taken out of the data's view (stride 0 there) and its real stride
 * passed apart, to be multiplied by the index read at that element. indexSelect is a gather whose
 * index view repeats the 1-d index along every other dim. Bad indices are reported through
 * {@link IndexErrors}, and their output elements left zero.
 */
final class Indexing {
  private Indexing() {}

  static Tensor indexSelect(CudaBackend b, Tensor x, int dim, Tensor index) {
    int[] shape = x.shapeArray();
    shape[dim] = index.numel();
    Tensor out = b.zeros(x.dtype(), shape);
    int[] indexStrides = new int[shape.length];
    indexStrides[dim] = index.stride(0);
    Tensor indexView = Tensors.ofStorage(index.storage(), shape, indexStrides, index.offset());
    gather(b, "indexSelect", out, x, dim, indexView);
    return out;
  }

  static Tensor gather(CudaBackend b, Tensor x, int dim, Tensor index) {
    Tensor out = b.zeros(x.dtype(), index.shapeArray());
    gather(b, "gather", out, x, dim, index);
    return out;
  }

  /** out (contiguous, the index's shape) = x at the index along dim. */
  private static void gather(CudaBackend b, String op, Tensor out, Tensor x, int dim, Tensor index) {
    int n = out.numel();
    if (n == 0) return;
    int[] shape = out.shapeArray();
    Layout l = Layout.of(op, shape, new int[][] {out.stridesArray(), without(x.stridesArray(), dim),
        index.stridesArray()}, new int[] {out.offset(), x.offset(), index.offset()});
    KernelArgs args = start(b, l, n, op, dim, x);
    l.view(args.ptr(b.base(out)), 0);
    l.view(args.ptr(b.base(x)), 1);
    l.view(args.ptr(b.base(index)), 2);
    b.launch(x.dtype() == DType.FLOAT32 ? Kernel.GATHER_F32 : Kernel.GATHER_I64, n, args, out, x, index);
  }

  /** A copy of self with src added where index points along dim (atomically: indices may repeat). */
  static Tensor scatterAdd(CudaBackend b, Tensor self, int dim, Tensor index, Tensor src) {
    Tensor out = b.output(self.dtype(), self.shapeArray());
    Elementwise.copy(b, out, self);
    int n = index.numel();
    if (n == 0) return out;
    int[] shape = index.shapeArray();
    Layout l = Layout.of("scatterAdd", shape, new int[][] {without(out.stridesArray(), dim), src.stridesArray(),
        index.stridesArray()}, new int[] {out.offset(), src.offset(), index.offset()});
    KernelArgs args = start(b, l, n, "scatterAdd", dim, out);  // out: self's shape, its own strides
    l.view(args.ptr(b.base(out)), 0);
    l.view(args.ptr(b.base(src)), 1);
    l.view(args.ptr(b.base(index)), 2);
    b.launch(self.dtype() == DType.FLOAT32 ? Kernel.SCATTER_ADD_F32 : Kernel.SCATTER_ADD_I64, n, args, out, src, index);
    return out;
  }

  /** The arguments before the views: n, dims, the indexed dim's size and stride, and where to report. */
  private static KernelArgs start(CudaBackend b, Layout l, int n, String op, int dim, Tensor data) {
    int size = data.size(dim);
    long seq = b.indexErrors().register(op, dim, size, data.shapeArray());
    KernelArgs args = l.dims(KernelArgs.start().i32(n));
    return args.i32(size).i32(data.stride(dim)).i64(seq).ptr(b.indexErrors().word());
  }

  private static int[] without(int[] strides, int dim) {
    int[] s = strides.clone();
    s[dim] = 0;
    return s;
  }
}
