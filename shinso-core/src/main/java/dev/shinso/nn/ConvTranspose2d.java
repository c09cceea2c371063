package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Transposed 2-d convolution over [N, C, H, W] (or [C, H, W]), as torch.nn.ConvTranspose2d: weight
 * [in_channels, out_channels/groups, kH, kW], bias [out_channels]; the output is
 * (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1 per spatial dim. With kernel 4,
 * stride 2, padding 1 it doubles the resolution, a learned upsampling.
 */
public class ConvTranspose2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] outputPadding;
  private final int[] dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, pair(kernelSize), pair(stride), pair(padding), pair(0), pair(1), 1, true);
  }

  /** kernelSize, stride, padding, outputPadding and dilation as (height, width). */
  public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
      int[] outputPadding, int[] dilation, int groups, boolean bias) {
    String settings = " (in_channels=" + inChannels + ", out_channels=" + outChannels + ", groups=" + groups + ")";
    if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException("ConvTranspose2d: channels and groups must be positive and the channels "
          + "divisible by groups" + settings);
    }
    for (int[] v : new int[][] {kernelSize, stride, padding, outputPadding, dilation}) {
      if (v.length != 2) throw new IllegalArgumentException("ConvTranspose2d: sizes need 2 values, got " + PyRepr.tuple(v));
    }
    if (kernelSize[0] < 1 || kernelSize[1] < 1) {
      throw new IllegalArgumentException("ConvTranspose2d: kernel_size must be positive, got " + PyRepr.tuple(kernelSize));
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.outputPadding = outputPadding.clone();
    this.dilation = dilation.clone();
    this.groups = groups;
    this.weight = new Parameter(Tensor.zeros(inChannels, outChannels / groups, kernelSize[0], kernelSize[1]));
    this.bias = bias ? new Parameter(Tensor.zeros(outChannels)) : null;
    resetParameters();
  }

  /** As PyTorch: Kaiming-uniform with a = √5 and bias U(±1/√fan_in), fan_in from weight dim 1 (out/groups·kH·kW). */
  public void resetParameters() {
    Init.linearDefault(weight, bias);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.convTranspose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=").append(PyRepr.tuple(stride));
    if (padding[0] != 0 || padding[1] != 0) sb.append(", padding=").append(PyRepr.tuple(padding));
    if (dilation[0] != 1 || dilation[1] != 1) sb.append(", dilation=").append(PyRepr.tuple(dilation));
    if (outputPadding[0] != 0 || outputPadding[1] != 0) sb.append(", output_padding=").append(PyRepr.tuple(outputPadding));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=False");
    return sb.toString();
  }

  private static int[] pair(int v) {
    return new int[] {v, v};
  }
}
