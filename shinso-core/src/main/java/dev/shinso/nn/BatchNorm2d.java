package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Batch normalisation of [N, C, H, W] inputs over N, H and W per channel (eps 1e-5, momentum 0.1 by
 * default). Training mode normalises with the batch's statistics and updates the running ones;
 * evaluation mode uses the running ones.
 */
public class BatchNorm2d extends BatchNormBase {
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInput(Tensor input) {
    if (input.dim() != 4) {
      throw new IllegalArgumentException("BatchNorm2d: expected a 4-d [N, C, H, W] input, got " + input.shapeString());
    }
  }
}
