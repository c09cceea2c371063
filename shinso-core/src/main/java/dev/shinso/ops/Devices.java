package dev.shinso.ops;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The device an op runs on: the one its tensor arguments share. As in PyTorch, a 0-d CPU tensor
 * (a scalar) may join tensors on any device; any other mix is an error naming the op and every
 * argument's shape and device, raised before any kernel runs.
 */
public final class Devices {
  private Devices() {}

  /** The common device of the non-null tensors (the CPU when all are CPU scalars). */
  public static Device common(String op, Tensor... tensors) {
    Device found = null;
    for (Tensor t : tensors) {
      if (t == null || isCpuScalar(t)) continue;
      if (found == null) found = t.device();
      else if (!found.equals(t.device())) throw mixed(op, tensors);
    }
    if (found != null) return found;
    for (Tensor t : tensors) if (t != null) return t.device();
    return Device.CPU;
  }

  /** The backend of the tensors' common device. */
  public static Backend backend(String op, Tensor... tensors) {
    Device d = common(op, tensors);
    for (Tensor t : tensors) if (t != null && t.device().equals(d)) return t.backend();
    throw new IllegalStateException(op + ": no tensor on " + d);
  }

  /** t on the device of {@code like}: t itself, or a 0-d CPU scalar moved there (in the graph); else an error. */
  public static Tensor onDevice(String op, Tensor t, Tensor like) {
    if (t.device().equals(like.device())) return t;
    if (isCpuScalar(t)) return t.to(like.device());
    throw mixed(op, like, t);
  }

  /** The tensors with any 0-d CPU scalar moved to their common device. */
  public static Tensor[] aligned(String op, Tensor... tensors) {
    Device d = common(op, tensors);
    Tensor[] out = tensors.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null && !out[i].device().equals(d)) out[i] = out[i].to(d);
    }
    return out;
  }

  private static boolean isCpuScalar(Tensor t) {
    return t.dim() == 0 && t.device().isCpu();
  }

  private static IllegalArgumentException mixed(String op, Tensor... tensors) {
    List<String> where = new ArrayList<>();
    for (Tensor t : tensors) if (t != null) where.add(t.shapeString() + " on " + t.device());
    return new IllegalArgumentException(op + ": expected all tensors on one device, got " + String.join(", ", where));
  }
}
