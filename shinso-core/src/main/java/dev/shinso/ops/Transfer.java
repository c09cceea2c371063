package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Backends;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/** Copies between devices: through the host, one download and one upload, as contiguous data. */
public final class Transfer {
  private Transfer() {}

  /** x on device (x itself when already there); the gradient goes back to x's device. */
  public static Tensor to(Tensor x, Device device) {
    if (x.device().equals(device)) return x;
    Tensor out = copy(x, Backends.of(device));
    Device from = x.device();
    return Autograd.record("to", out, new Tensor[] {x}, g -> new Tensor[] {g.to(from)});
  }

  private static Tensor copy(Tensor x, Backend target) {
    int[] shape = x.shapeArray();
    var storage = x.dtype() == DType.FLOAT32 ? target.upload(x.toFloatArray()) : target.upload(x.toLongArray());
    return Tensor.ofStorage(storage, shape, Shape.contiguousStrides(shape), 0);
  }
}
