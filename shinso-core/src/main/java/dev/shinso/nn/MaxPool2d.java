package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Max pooling over [N, C, H, W] (or unbatched [C, H, W]), as torch.nn.MaxPool2d. The stride
 * defaults to the kernel size. Sizes given as ints print as ints, pairs as tuples, as in PyTorch.
 */
public class MaxPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final boolean ceilMode;
  private final boolean givenAsInts;

  public MaxPool2d(int kernelSize) {
    this(kernelSize, kernelSize);
  }

  public MaxPool2d(int kernelSize, int stride) {
    this(kernelSize, stride, 0);
  }

  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(kernelSize, stride, padding, 1, false);
  }

  public MaxPool2d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding},
        new int[] {dilation, dilation}, ceilMode, true);
  }

  /** Sizes as (height, width); a null stride means the kernel size. */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    this(kernelSize, stride == null ? kernelSize : stride, padding, dilation, ceilMode, false);
  }

  private MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
      boolean givenAsInts) {
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.dilation = dilation.clone();
    this.ceilMode = ceilMode;
    this.givenAsInts = givenAsInts;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + size(kernelSize) + ", stride=" + size(stride) + ", padding=" + size(padding)
        + ", dilation=" + size(dilation) + ", ceil_mode=" + PyRepr.of(ceilMode);
  }

  private String size(int[] v) {
    return givenAsInts ? Integer.toString(v[0]) : PyRepr.tuple(v);
  }
}
