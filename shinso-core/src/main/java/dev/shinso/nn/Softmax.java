package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** exp(x) normalised to sum to 1 along dim. For training, prefer CrossEntropyLoss on the logits. */
public class Softmax extends Module {
  private final int dim;

  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.softmax(input, dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
