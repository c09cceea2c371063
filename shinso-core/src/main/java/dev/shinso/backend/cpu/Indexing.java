package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.empty;

import dev.shinso.tensor.Tensor;

/** indexSelect, gather and scatterAdd. Indices are INT64 and checked against the dim they index. */
final class Indexing {
  private Indexing() {}

  static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    Tensor src = CpuTensors.contiguous(x);
    long[] idx = CpuBackend.INSTANCE.toLongArray(index);
    int[] outShape = x.shapeArray();
    int size = outShape[dim];
    outShape[dim] = idx.length;
    Tensor out = empty(x.dtype(), outShape);
    int outer = 1, inner = 1;
    for (int d = 0; d < dim; d++) outer *= outShape[d];
    for (int d = dim + 1; d < outShape.length; d++) inner *= outShape[d];
    Object from = array(src), to = array(out);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < idx.length; j++) {
        int row = checked("indexSelect", idx[j], size, dim, x);
        System.arraycopy(from, src.offset() + (o * size + row) * inner, to, (o * idx.length + j) * inner, inner);
      }
    }
    return out;
  }

  static Tensor gather(Tensor x, int dim, Tensor index) {
    int[] shape = index.shapeArray();
    Tensor out = empty(x.dtype(), shape);
    Tensor idx = CpuTensors.contiguous(index);
    long[] id = CpuTensors.longs(idx);
    int size = x.size(dim);
    int[] pos = new int[shape.length];
    int n = out.numel();
    for (int i = 0; i < n; i++) {
      int xOff = x.offset();
      for (int d = 0; d < shape.length; d++) {
        int p = d == dim ? checked("gather", id[idx.offset() + i], size, dim, x) : pos[d];
        xOff += p * x.stride(d);
      }
      copyElement(x, xOff, out, i);
      increment(pos, shape);
    }
    return out;
  }

  static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    Tensor out = empty(self.dtype(), self.shapeArray());
    CpuBackend.INSTANCE.copyInto(out, self);
    int[] shape = index.shapeArray();
    Tensor idx = CpuTensors.contiguous(index);
    long[] id = CpuTensors.longs(idx);
    int[] outStrides = out.stridesArray();
    int size = self.size(dim);
    int[] pos = new int[shape.length];
    int n = idx.numel();
    for (int i = 0; i < n; i++) {
      int oOff = 0, sOff = src.offset();
      for (int d = 0; d < shape.length; d++) {
        int p = d == dim ? checked("scatterAdd", id[idx.offset() + i], size, dim, self) : pos[d];
        oOff += p * outStrides[d];
        sOff += pos[d] * src.stride(d);
      }
      switch (out.dtype()) {
        case FLOAT32 -> CpuTensors.floats(out)[oOff] += CpuTensors.floats(src)[sOff];
        case FLOAT64 -> CpuTensors.doubles(out)[oOff] += CpuTensors.doubles(src)[sOff];
        case INT64 -> CpuTensors.longs(out)[oOff] += CpuTensors.longs(src)[sOff];
      }
      increment(pos, shape);
    }
    return out;
  }

  private static int checked(String op, long index, int size, int dim, Tensor input) {
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range for dimension " + dim
          + " of size " + size + " (input shape " + input.shapeString() + ")");
    }
    return (int) (index < 0 ? index + size : index);
  }

  private static void copyElement(Tensor from, int fromOff, Tensor to, int toOff) {
    System.arraycopy(array(from), fromOff, array(to), toOff, 1);
  }

  private static Object array(Tensor t) {
    return ((CpuStorage) t.storage()).array();
  }

  /** Row-major odometer step. */
  private static void increment(int[] pos, int[] shape) {
    for (int d = shape.length - 1; d >= 0; d--) {
      if (++pos[d] < shape[d]) return;
      pos[d] = 0;
    }
  }
}
