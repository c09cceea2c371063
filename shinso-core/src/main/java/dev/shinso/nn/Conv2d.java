package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * 2-d convolution over [N, C, H, W] (or unbatched [C, H, W]), as torch.nn.Conv2d: weight
 * [out_channels, in_channels/groups, kH, kW], bias [out_channels]. Sizes given as one int apply to
 * height and width.
 */
public class Conv2d extends ConvNd {
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
  }

  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
      boolean bias) {
    this(inChannels, outChannels, pair(kernelSize), pair(stride), pair(padding), pair(dilation), groups, bias);
  }

  /** kernelSize, stride, padding and dilation as (height, width). */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias) {
    super("Conv2d", inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.conv2d(input, weight(), bias(), stride(), padding(), dilation(), groups());
  }

  /** relu(forward(input)) in one op ({@link dev.shinso.ops.Convolution#conv2dRelu}), for Sequential. */
  Tensor forwardRelu(Tensor input) {
    return dev.shinso.ops.Convolution.conv2dRelu(input, weight(), bias(), stride(), padding(), dilation(), groups());
  }

  private static int[] pair(int v) {
    return new int[] {v, v};
  }
}
