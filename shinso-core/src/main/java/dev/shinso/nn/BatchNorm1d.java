package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Batch normalisation of [N, C] or [N, C, L] inputs over all dims but C (eps 1e-5, momentum 0.1 by
 * default). Training mode normalises with the batch's statistics and updates the running ones;
 * evaluation mode uses the running ones.
 */
public class BatchNorm1d extends BatchNormBase {
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInput(Tensor input) {
    if (input.dim() != 2 && input.dim() != 3) {
      throw new IllegalArgumentException("BatchNorm1d: expected a 2-d [N, C] or 3-d [N, C, L] input, got "
          + input.shapeString());
    }
  }
}
