package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** Returns its input unchanged: a placeholder where an architecture has an optional layer. */
public class Identity extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input;
  }
}
