package dev.shinso.autograd;

import dev.shinso.internal.Tensors;
import dev.shinso.tensor.Tensor;

/** How ops record themselves in the graph. */
public final class Autograd {
  private Autograd() {}

  /** True when an op on these inputs must record a node: grad mode is on and some input requires grad. */
  public static boolean needsGrad(Tensor... inputs) {
    if (!NoGrad.isGradEnabled()) return false;
    for (Tensor t : inputs) {
      if (t != null && t.requiresGrad()) return true;
    }
    return false;
  }

  /**
   * Records {@code out = op(inputs)} when needed and returns {@code out}. {@code saved} are the
   * tensors the backward reads; changing one in place before backward is an error.
   */
  public static Tensor record(String op, Tensor out, Tensor[] inputs, Tensor[] saved, Node.Backward backward) {
    if (needsGrad(inputs)) {
      Tensors.setGradFn(out, new Node(op, inputs, saved, backward));
      if (Anomaly.isEnabled()) Anomaly.check(out, "the output of " + op);
    }
    return out;
  }

  /** Shorthand for an op whose backward reads no tensor that could change in place. */
  public static Tensor record(String op, Tensor out, Tensor[] inputs, Node.Backward backward) {
    return record(op, out, inputs, new Tensor[0], backward);
  }
}
