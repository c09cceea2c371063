package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Binary cross-entropy on logits (a sigmoid and the loss in one, numerically stable):
 * max(x, 0) − x·y + log(1 + exp(−|x|)); target holds probabilities in [0, 1] of the input's shape.
 */
public final class BCEWithLogitsLoss extends Loss {
  public BCEWithLogitsLoss() {
    this(Reduction.MEAN);
  }

  public BCEWithLogitsLoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.binaryCrossEntropyWithLogits(input, target, reduction());
  }
}
