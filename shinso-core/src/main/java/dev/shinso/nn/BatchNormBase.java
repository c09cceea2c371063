package dev.shinso.nn;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.Tensor;

/**
 * What BatchNorm1d and BatchNorm2d share (PyTorch's _BatchNorm): the affine weight (ones) and bias
 * (zeros), and the buffers running_mean (zeros), running_var (ones) and num_batches_tracked. In
 * training the batch statistics normalise and the running ones follow them in place:
 * running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance.
 */
abstract class BatchNormBase extends Module {
  private final int numFeatures;
  private final double eps;
  private final double momentum;
  private final boolean affine;
  private final boolean trackRunningStats;
  private final Parameter weight;
  private final Parameter bias;
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final Tensor numBatchesTracked;

  BatchNormBase(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    if (numFeatures <= 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
    }
    if (!(momentum >= 0 && momentum <= 1) || !(eps >= 0)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1] and eps"
          + " non-negative, got momentum " + momentum + " and eps " + eps);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.weight = affine ? new Parameter(Tensor.ones(numFeatures)) : null;
    this.bias = affine ? new Parameter(Tensor.zeros(numFeatures)) : null;
    if (trackRunningStats) {
      runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
      runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
      numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalarLong(0));
    } else {
      runningMean = runningVar = numBatchesTracked = null;
    }
  }

  /** Throws unless the input has a rank this layer accepts. */
  abstract void checkInput(Tensor input);

  @Override
  public Tensor forward(Tensor input) {
    checkInput(input);
    if (input.size(1) != numFeatures) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": input " + input.shapeString() + " has "
          + input.size(1) + " channels in dim 1, expected num_features = " + numFeatures);
    }
    // Without running statistics there is nothing else to normalise with, even in evaluation.
    boolean useBatchStats = isTraining() || !trackRunningStats;
    if (isTraining() && trackRunningStats) {
      try (NoGrad g = NoGrad.enter()) {
        numBatchesTracked.add_(Tensor.scalarLong(numBatchesTracked.device(), 1));
      }
    }
    return Functional.batchNorm(input, runningMean, runningVar, weight, bias, useBatchStats, momentum, eps);
  }

  public int numFeatures() {
    return numFeatures;
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  /** The running mean (a buffer, updated in place in training), or null without running statistics. */
  public Tensor runningMean() {
    return runningMean;
  }

  public Tensor runningVar() {
    return runningVar;
  }

  public Tensor numBatchesTracked() {
    return numBatchesTracked;
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + PyRepr.of(eps) + ", momentum=" + PyRepr.of(momentum) + ", affine="
        + PyRepr.of(affine) + ", track_running_stats=" + PyRepr.of(trackRunningStats);
  }
}
