package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** The exact GELU, x·Φ(x) with Φ the standard normal CDF (PyTorch's default, not the tanh approximation). */
public class GELU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.gelu(input);
  }

  @Override
  protected String extraRepr() {
    return "approximate='none'";
  }
}
