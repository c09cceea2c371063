package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * The tensor plumbing the composites share: fresh outputs, constants and views on the backend's
 * device, and primitive calls that read like arithmetic. Nothing here records a graph.
 */
final class Raw {
  private Raw() {}

  static Tensor empty(Backend b, DType dtype, int... shape) {
    return Tensors.ofStorage(b.allocate(dtype, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  static Tensor full(Backend b, DType dtype, float value, int... shape) {
    Tensor t = empty(b, dtype, shape);
    if (value != 0) b.fill(t, value);
    return t;
  }

  /** A constant from the host (shape given, data row-major), uploaded to the device. */
  static Tensor constant(Backend b, float[] data, int... shape) {
    return Tensors.ofStorage(b.upload(data), shape, Shape.contiguousStrides(shape), 0);
  }

  /** A float constant in dtype (the dtype of the tensors it meets: primitives take operands of one dtype). */
  static Tensor constant(Backend b, DType dtype, float[] data, int... shape) {
    Tensor t = constant(b, data, shape);
    if (dtype == DType.FLOAT32) return t;
    Tensor converted = empty(b, dtype, shape);
    b.copyInto(converted, t);
    return converted;
  }

  static Tensor constant(Backend b, long[] data, int... shape) {
    return Tensors.ofStorage(b.upload(data), shape, Shape.contiguousStrides(shape), 0);
  }

  static Tensor scalar(Backend b, DType dtype, float value) {
    return constant(b, dtype, new float[] {value});
  }

  static Tensor view(Tensor t, int[] shape, int[] strides, int offset) {
    return Tensors.ofStorage(t.storage(), shape, strides, offset);
  }

  /** t broadcast to shape (size-1 and missing leading dims get stride 0). */
  static Tensor expand(Tensor t, int... shape) {
    int lead = shape.length - t.dim();
    int[] strides = new int[shape.length];
    for (int d = lead; d < shape.length; d++) strides[d] = t.size(d - lead) == 1 && shape[d] != 1 ? 0 : t.stride(d - lead);
    return view(t, shape, strides, t.offset());
  }

  static Tensor permute(Tensor t, int... perm) {
    int[] shape = new int[perm.length], strides = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = t.size(perm[i]);
      strides[i] = t.stride(perm[i]);
    }
    return view(t, shape, strides, t.offset());
  }

  static Tensor narrow(Tensor t, int dim, int start, int length) {
    int[] shape = t.shapeArray();
    shape[dim] = length;
    return view(t, shape, t.stridesArray(), t.offset() + start * t.stride(dim));
  }

  /** A new contiguous copy of t. */
  static Tensor copy(Backend b, Tensor t) {
    Tensor out = empty(b, t.dtype(), t.shapeArray());
    b.copyInto(out, t);
    return out;
  }

  /** t's elements in row-major order under a new shape: t itself when contiguous, else a copy. */
  static Tensor reshape(Backend b, Tensor t, int... shape) {
    Tensor c = t.isContiguous() ? t : copy(b, t);
    return view(c, shape, Shape.contiguousStrides(shape), c.offset());
  }

  static Tensor add(Backend b, Tensor x, Tensor y) {
    return b.binary(BinaryOp.ADD, x, expand(y, x.shapeArray()));
  }

  static Tensor sub(Backend b, Tensor x, Tensor y) {
    return b.binary(BinaryOp.SUB, x, expand(y, x.shapeArray()));
  }

  static Tensor mul(Backend b, Tensor x, Tensor y) {
    return b.binary(BinaryOp.MUL, x, expand(y, x.shapeArray()));
  }

  static Tensor mul(Backend b, Tensor x, float s) {
    return mul(b, x, scalar(b, x.dtype(), s));
  }

  static Tensor div(Backend b, Tensor x, Tensor y) {
    return b.binary(BinaryOp.DIV, x, expand(y, x.shapeArray()));
  }

  /** x op= y, y broadcast to x's shape. */
  static void inPlace(Backend b, BinaryOp op, Tensor x, Tensor y) {
    b.binaryInPlace(op, x, expand(y, x.shapeArray()));
  }

  static Tensor sum(Backend b, Tensor x, int... dims) {
    return b.reduce(ReduceOp.SUM, x, dims);
  }

  /** The dims of x other than 1 (a batch norm's reduction dims of [N, C, *]). */
  static int[] allBut1(int rank) {
    int[] dims = new int[rank - 1];
    for (int d = 0, j = 0; d < rank; d++) if (d != 1) dims[j++] = d;
    return dims;
  }
}
