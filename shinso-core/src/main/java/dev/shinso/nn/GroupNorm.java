package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Group normalisation (Wu &amp; He, 2018), as torch.nn.GroupNorm: the channels of [N, C, *] are split
 * into numGroups groups, each sample's group is normalised over its channels and positions (biased
 * variance, eps 1e-5), then every channel is scaled by weight (ones) and shifted by bias (zeros), both
 * [C]. It uses no batch statistics, so it works at any batch size and in training and evaluation alike.
 */
public class GroupNorm extends Module {
  private final int numGroups;
  private final int numChannels;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5, true);
  }

  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0) {
      throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be a positive multiple of "
          + "num_groups (" + numGroups + ")");
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.weight = affine ? new Parameter(Tensor.ones(numChannels)) : null;
    this.bias = affine ? new Parameter(Tensor.zeros(numChannels)) : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.groupNorm(input, numGroups, weight, bias, eps);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    return numGroups + ", " + numChannels + ", eps=" + PyRepr.of(eps) + ", affine=" + PyRepr.of(weight != null);
  }
}
