package dev.shinso.nn;

import dev.shinso.ops.Convolution;
import dev.shinso.ops.Pooling;
import dev.shinso.tensor.Tensor;

/**
 * The stateless convolution and pooling functions, as torch.nn.functional's conv1d, conv2d,
 * max_pool2d, avg_pool2d and adaptive_avg_pool2d. Sizes given as one int apply to both spatial
 * dims; a null bias means none. Inputs are [N, C, H, W] (or [N, C, L] for conv1d), or unbatched.
 */
public final class ConvFunctional {
  private ConvFunctional() {}

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
    return conv2d(input, weight, bias, 1, 0, 1, 1);
  }

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
    return conv2d(input, weight, bias, stride, padding, 1, 1);
  }

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
      int groups) {
    return conv2d(input, weight, bias, pair(stride), pair(padding), pair(dilation), groups);
  }

  /** stride, padding and dilation as (height, width). */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
    return conv1d(input, weight, bias, 1, 0, 1, 1);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
    return conv1d(input, weight, bias, stride, padding, 1, 1);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
      int groups) {
    return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
  }

  /** Windows of kernelSize², stride kernelSize. */
  public static Tensor maxPool2d(Tensor input, int kernelSize) {
    return maxPool2d(input, kernelSize, kernelSize, 0);
  }

  public static Tensor maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
    return maxPool2d(input, pair(kernelSize), pair(stride), pair(padding), pair(1), false);
  }

  /** A null stride means stride = kernelSize. */
  public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      boolean ceilMode) {
    return Pooling.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  public static Tensor avgPool2d(Tensor input, int kernelSize) {
    return avgPool2d(input, kernelSize, kernelSize, 0);
  }

  /** Counts the zero padding in each window's size (PyTorch's default count_include_pad=True). */
  public static Tensor avgPool2d(Tensor input, int kernelSize, int stride, int padding) {
    return avgPool2d(input, pair(kernelSize), pair(stride), pair(padding), false, true);
  }

  /** A null stride means stride = kernelSize. */
  public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
      boolean countIncludePad) {
    return Pooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
    return adaptiveAvgPool2d(input, pair(outputSize));
  }

  /** outputSize as (height, width). */
  public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
    return Pooling.adaptiveAvgPool2d(input, outputSize);
  }

  private static int[] pair(int v) {
    return new int[] {v, v};
  }
}
