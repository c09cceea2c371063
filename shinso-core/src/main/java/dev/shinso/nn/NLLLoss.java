package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C, d…] (e.g. from logSoftmax) at INT64 class
 * indices [N, d…]. Entries whose target equals ignoreIndex (default −100) count for nothing.
 */
public final class NLLLoss extends Loss {
  private final long ignoreIndex;

  public NLLLoss() {
    this(Reduction.MEAN);
  }

  public NLLLoss(Reduction reduction) {
    this(reduction, Losses.DEFAULT_IGNORE_INDEX);
  }

  public NLLLoss(Reduction reduction, long ignoreIndex) {
    super(reduction);
    this.ignoreIndex = ignoreIndex;
  }

  public long ignoreIndex() {
    return ignoreIndex;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.nllLoss(input, target, reduction(), ignoreIndex);
  }
}
