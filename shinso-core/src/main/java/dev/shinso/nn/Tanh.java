package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** The hyperbolic tangent. */
public class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.tanh(input);
  }
}
