package dev.shinso.autograd;

import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;

/**
 * One recorded op in the graph: its inputs, the tensors its backward reads (with their storage
 * versions at record time) and the backward function. Freed after backward unless retained.
 */
public final class Node {
  /** Gradient of the op's inputs, given the gradient of its output. Entries may be null (no gradient). */
  @FunctionalInterface
  public interface Backward {
    Tensor[] apply(Tensor gradOutput);
  }

  /**
   * A backward that may write its result over the output gradient when {@code reusable}: the engine
   * says so when nothing but this backward can see that gradient and its elements do not overlap
   * (it is contiguous). ReLU's backward (and conv2dRelu's) does, saving a tensor the size of the
   * activation and the cache misses of a fresh one.
   */
  @FunctionalInterface
  public interface ReusingBackward extends Backward {
    Tensor[] apply(Tensor gradOutput, boolean reusable);

    @Override
    default Tensor[] apply(Tensor gradOutput) {
      return apply(gradOutput, false);
    }
  }

  private final String op;
  private Tensor[] inputs;
  private Tensor[] saved;
  private int[] savedVersions;
  private Backward backward;

  Node(String op, Tensor[] inputs, Tensor[] saved, Backward backward) {
    this.op = op;
    this.inputs = inputs;
    this.saved = saved;
    this.savedVersions = new int[saved.length];
    for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].storage().version();
    this.backward = backward;
  }

  /** The op's name, as in error messages: {@code matmul}, {@code add}, ... */
  public String op() {
    return op;
  }

  Tensor[] inputs() {
    if (inputs == null) throw freed();
    return inputs;
  }

  /** Runs the backward; {@code reusable}: the gradient is the engine's alone (see {@link ReusingBackward}). */
  Tensor[] runBackward(Tensor gradOutput, boolean reusable) {
    if (backward == null) throw freed();
    for (int i = 0; i < saved.length; i++) {
      int now = saved[i].storage().version();
      if (now != savedVersions[i]) {
        throw new IllegalStateException(op + ": a tensor of shape " + saved[i].shapeString()
            + " that backward needs was modified by an in-place operation (version " + savedVersions[i]
            + " at record time, " + now + " now); clone it before changing it in place");
      }
    }
    return backward instanceof ReusingBackward r ? r.apply(gradOutput, reusable) : backward.apply(gradOutput);
  }

  /** Whether s is the storage of one of the node's inputs or of a tensor its backward reads. */
  boolean reads(Storage s) {
    for (Tensor t : inputs) if (t != null && t.storage() == s) return true;
    for (Tensor t : saved) if (t.storage() == s) return true;
    return false;
  }

  void release() {
    inputs = null;
    saved = null;
    savedVersions = null;
    backward = null;
  }

  private IllegalStateException freed() {
    return new IllegalStateException("backward through the graph a second time: the graph of '" + op
        + "' was freed by the first backward; call backward(gradient, true) to retain it");
  }

  @Override
  public String toString() {
    return op + "Backward";
  }
}
