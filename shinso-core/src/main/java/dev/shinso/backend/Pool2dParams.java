package dev.shinso.backend;

/**
 * The window of a 2-d pooling: kernel size, stride, zero padding and dilation as (height, width),
 * and whether the output size rounds up (ceil mode). Output sizes follow PyTorch's
 * {@code pooling_output_shape}: in ceil mode the last window must still start inside the input or
 * its left padding.
 */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
    int dilationH, int dilationW, boolean ceilMode) {

  /** Output height for input height inH (may be ≤ 0: the ops reject that). */
  public int outH(int inH) {
    return outSize(inH, kernelH, strideH, padH, dilationH, ceilMode);
  }

  public int outW(int inW) {
    return outSize(inW, kernelW, strideW, padW, dilationW, ceilMode);
  }

  private static int outSize(int in, int k, int stride, int pad, int dilation, boolean ceil) {
    int out = Math.floorDiv(in + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0), stride) + 1;
    if (ceil && (out - 1) * stride >= in + pad) out--;
    return out;
  }
}
