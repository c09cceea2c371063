package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Cross-entropy of logits [N, C, d…] against INT64 class indices [N, d…]: log-softmax over the
 * classes, then the negative log-likelihood. With label smoothing ε the target is mixed with the
 * uniform distribution: (1−ε)·nll + ε·mean over classes of −log p. Entries whose target equals
 * ignoreIndex (default −100) count for nothing, and MEAN averages over the others.
 */
public final class CrossEntropyLoss extends Loss {
  private final long ignoreIndex;
  private final double labelSmoothing;

  public CrossEntropyLoss() {
    this(Reduction.MEAN);
  }

  public CrossEntropyLoss(Reduction reduction) {
    this(reduction, Losses.DEFAULT_IGNORE_INDEX, 0);
  }

  public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
    this(reduction, Losses.DEFAULT_IGNORE_INDEX, labelSmoothing);
  }

  public CrossEntropyLoss(Reduction reduction, long ignoreIndex, double labelSmoothing) {
    super(reduction);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
    }
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  public long ignoreIndex() {
    return ignoreIndex;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.crossEntropy(input, target, reduction(), ignoreIndex, labelSmoothing);
  }
}
