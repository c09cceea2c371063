package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Average pooling over [N, C, H, W] (or unbatched [C, H, W]), as torch.nn.AvgPool2d. The stride
 * defaults to the kernel size; by default the zero padding counts in each window's size
 * (count_include_pad=True). Sizes given as ints print as ints, pairs as tuples, as in PyTorch.
 */
public class AvgPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;
  private final boolean givenAsInts;

  public AvgPool2d(int kernelSize) {
    this(kernelSize, kernelSize);
  }

  public AvgPool2d(int kernelSize, int stride) {
    this(kernelSize, stride, 0);
  }

  public AvgPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, false, true,
        true);
  }

  /** Sizes as (height, width); a null stride means the kernel size. */
  public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
    this(kernelSize, stride == null ? kernelSize : stride, padding, ceilMode, countIncludePad, false);
  }

  private AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
      boolean givenAsInts) {
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.givenAsInts = givenAsInts;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  /** As PyTorch's, which shows neither ceil_mode nor count_include_pad. */
  @Override
  protected String extraRepr() {
    return "kernel_size=" + size(kernelSize) + ", stride=" + size(stride) + ", padding=" + size(padding);
  }

  private String size(int[] v) {
    return givenAsInts ? Integer.toString(v[0]) : PyRepr.tuple(v);
  }
}
