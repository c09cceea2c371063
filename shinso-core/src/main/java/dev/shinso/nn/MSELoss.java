package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** Mean squared error (input − target)², for regression; target has the input's shape. */
public final class MSELoss extends Loss {
  public MSELoss() {
    this(Reduction.MEAN);
  }

  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.mseLoss(input, target, reduction());
  }
}
