package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** max(x, 0) + negativeSlope·min(x, 0): a ReLU whose negative side keeps a small gradient. */
public class LeakyReLU extends Module {
  private final double negativeSlope;

  public LeakyReLU() {
    this(0.01);
  }

  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.leakyRelu(input, negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + PyRepr.of(negativeSlope);
  }
}
