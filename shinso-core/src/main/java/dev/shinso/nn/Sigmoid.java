package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** The logistic function 1/(1 + e^−x). */
public class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.sigmoid(input);
  }
}
