package dev.shinso.backend;

/**
 * The geometry of a 2-d convolution besides the kernel's size (which the weight's shape gives):
 * stride, zero padding and dilation as (height, width), and the number of channel groups.
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

  /** Output height for input height inH and kernel height kH (may be ≤ 0: the ops reject that). */
  public int outH(int inH, int kH) {
    return outSize(inH, kH, strideH, padH, dilationH);
  }

  public int outW(int inW, int kW) {
    return outSize(inW, kW, strideW, padW, dilationW);
  }

  /** True when the convolution is a plain per-pixel matrix product (1×1 kernel, stride 1, no padding). */
  public boolean isPointwise(int kH, int kW) {
    return kH == 1 && kW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0;
  }

  private static int outSize(int in, int k, int stride, int pad, int dilation) {
    return Math.floorDiv(in + 2 * pad - dilation * (k - 1) - 1, stride) + 1;
  }
}
