package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** SiLU (swish), x·σ(x): smooth, non-monotonic near 0; the activation of diffusion U-Nets. */
public class SiLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.silu(input);
  }
}
