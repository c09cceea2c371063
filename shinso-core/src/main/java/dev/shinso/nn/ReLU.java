package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** max(x, 0). */
public class ReLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.relu(input);
  }
}
