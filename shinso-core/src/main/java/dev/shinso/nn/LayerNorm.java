package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Normalises each sample over its trailing dims normalizedShape (biased variance, eps 1e-5), then
 * scales and shifts elementwise by weight (ones) and bias (zeros) of that shape. Unlike batch norm
 * it uses no batch statistics, so training and evaluation behave alike.
 */
public class LayerNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true);
  }

  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
    for (int s : normalizedShape) {
      if (s <= 0) {
        throw new IllegalArgumentException("LayerNorm: normalized_shape must be positive, got "
            + java.util.Arrays.toString(normalizedShape));
      }
    }
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null;
    this.bias = elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.layerNorm(input, normalizedShape, weight, bias, eps);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.of(eps) + ", elementwise_affine=" + PyRepr.of(weight != null);
  }
}
