package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * In training, zeroes each element with probability p and scales the others by 1/(1−p) (inverted
 * dropout, so evaluation needs no rescaling); in evaluation, the identity. The mask comes from the
 * default generator, so {@code Shinso.manualSeed} makes it repeat.
 */
public class Dropout extends Module {
  private final double p;

  public Dropout() {
    this(0.5);
  }

  public Dropout(double p) {
    Functional.checkProbability("Dropout", p);
    this.p = p;
  }

  public double p() {
    return p;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.dropout(input, p, isTraining());
  }

  @Override
  protected String extraRepr() {
    return "p=" + PyRepr.of(p) + ", inplace=False";
  }
}
