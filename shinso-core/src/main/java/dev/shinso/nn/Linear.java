package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * y = x·Wᵀ + b for x [..., in_features]: weight [out_features, in_features], bias [out_features].
 * Initialised as PyTorch's: weight by Kaiming-uniform with a = √5 (so U(±1/√in)), bias U(±1/√in).
 */
public class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true);
  }

  public Linear(int inFeatures, int outFeatures, boolean bias) {
    if (inFeatures <= 0 || outFeatures <= 0) {
      throw new IllegalArgumentException("Linear: in_features and out_features must be positive, got " + inFeatures
          + " and " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(Tensor.zeros(outFeatures, inFeatures));
    this.bias = bias ? new Parameter(Tensor.zeros(outFeatures)) : null;
    resetParameters();
  }

  /** Draws fresh initial values from the default generator. */
  public void resetParameters() {
    Init.linearDefault(weight, bias);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.linear(input, weight, bias);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.of(bias != null);
  }
}
