package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * 1-d convolution over [N, C, L] (or unbatched [C, L]), as torch.nn.Conv1d: weight
 * [out_channels, in_channels/groups, k], bias [out_channels].
 */
public class Conv1d extends ConvNd {
  public Conv1d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
  }

  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
      boolean bias) {
    super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
        new int[] {dilation}, groups, bias);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.conv1d(input, weight(), bias(), stride()[0], padding()[0], dilation()[0], groups());
  }
}
