package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Backends;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * Copies between devices (through the host, one download and one upload, as contiguous data) and
 * between dtypes.
 */
public final class Transfer {
  private Transfer() {}

  /** x on device (x itself when already there); the gradient goes back to x's device. */
  public static Tensor to(Tensor x, Device device) {
    if (x.device().equals(device)) return x;
    Tensor out = copy(x, Backends.of(device));
    Device from = x.device();
    return Autograd.record("to", out, new Tensor[] {x}, g -> new Tensor[] {g.to(from)});
  }

  /**
   * x converted to dtype (x itself when already of it). Between floating dtypes the conversion stays
   * in the graph, the gradient converted back, as in PyTorch; to or from an integer it does not.
   */
  public static Tensor to(Tensor x, DType dtype) {
    if (x.dtype() == dtype) return x;
    Tensor out = Tensor.empty(x.device(), dtype, x.shapeArray());
    x.backend().copyInto(out, x);
    if (!dtype.isFloatingPoint() || !x.dtype().isFloatingPoint()) return out;
    DType from = x.dtype();
    return Autograd.record("to", out, new Tensor[] {x}, g -> new Tensor[] {g.to(from)});
  }

  private static Tensor copy(Tensor x, Backend target) {
    int[] shape = x.shapeArray();
    var storage = switch (x.dtype()) {
      case FLOAT32 -> target.upload(x.toFloatArray());
      case FLOAT64 -> target.upload(x.toDoubleArray());
      case INT64 -> target.upload(x.toLongArray());
    };
    return Tensors.ofStorage(storage, shape, Shape.contiguousStrides(shape), 0);
  }
}
