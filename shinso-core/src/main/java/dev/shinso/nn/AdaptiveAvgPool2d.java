package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Average pooling to a fixed output size whatever the input's, as torch.nn.AdaptiveAvgPool2d:
 * output row i averages input rows [floor(i·H/outH), ceil((i+1)·H/outH)), and likewise columns.
 */
public class AdaptiveAvgPool2d extends Module {
  private final int[] outputSize;
  private final boolean givenAsInt;

  /** A square output, outputSize × outputSize. */
  public AdaptiveAvgPool2d(int outputSize) {
    this(new int[] {outputSize, outputSize}, true);
  }

  public AdaptiveAvgPool2d(int outputHeight, int outputWidth) {
    this(new int[] {outputHeight, outputWidth}, false);
  }

  private AdaptiveAvgPool2d(int[] outputSize, boolean givenAsInt) {
    if (outputSize[0] < 1 || outputSize[1] < 1) {
      throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must be positive, got "
          + PyRepr.tuple(outputSize));
    }
    this.outputSize = outputSize;
    this.givenAsInt = givenAsInt;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.adaptiveAvgPool2d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + (givenAsInt ? Integer.toString(outputSize[0]) : PyRepr.tuple(outputSize));
  }
}
