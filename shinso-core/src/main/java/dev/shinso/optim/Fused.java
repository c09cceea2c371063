package dev.shinso.optim;

import dev.shinso.tensor.Tensor;
import java.util.function.Consumer;

/** Runs a fused in-place update of a parameter (and its state) and tells the tensors they changed. */
final class Fused {
  private Fused() {}

  /**
   * The kernels want contiguous tensors: a parameter that is a strided view is updated through a
   * contiguous copy written back. Every tensor changed gets its version bumped, so a graph that
   * saved one of them fails at backward instead of giving a wrong gradient.
   */
  static void update(Tensor param, Consumer<Tensor> kernel, Tensor... state) {
    Tensor target = param.isContiguous() ? param : param.contiguousCopy();
    kernel.accept(target);
    if (target != param) {
      param.copy_(target);
    } else {
      param.storage().bumpVersion();
    }
    for (Tensor t : state) {
      if (t != null) t.storage().bumpVersion();
    }
  }
}
