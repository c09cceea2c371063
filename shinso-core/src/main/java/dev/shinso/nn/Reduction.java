package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** How a loss turns its per-element values into the result, as PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** The mean over elements (for class losses: over the entries not ignored). */
  MEAN,
  /** The sum over elements. */
  SUM,
  /** The per-element losses, unreduced. */
  NONE;

  /** Reduces per-element losses. */
  public Tensor apply(Tensor losses) {
    return switch (this) {
      case MEAN -> losses.mean();
      case SUM -> losses.sum();
      case NONE -> losses;
    };
  }
}
