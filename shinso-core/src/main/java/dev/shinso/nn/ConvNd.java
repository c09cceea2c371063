package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * What Conv1d and Conv2d share (as PyTorch's _ConvNd): the settings, weight [out, in/groups, k…]
 * and optional bias [out], PyTorch's initialisation and its repr. Sizes are per spatial dim.
 */
public abstract class ConvNd extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  protected ConvNd(String name, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
      int[] dilation, int groups, boolean bias) {
    int dims = kernelSize.length;
    String settings = " (in_channels=" + inChannels + ", out_channels=" + outChannels + ", kernel_size="
        + PyRepr.tuple(kernelSize) + ", groups=" + groups + ")";
    if (inChannels <= 0 || outChannels <= 0 || groups <= 0) {
      throw new IllegalArgumentException(name + ": in_channels, out_channels and groups must be positive" + settings);
    }
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(name + ": in_channels and out_channels must be divisible by groups" + settings);
    }
    check(name, "kernel_size", kernelSize, dims, 1);
    check(name, "stride", stride, dims, 1);
    check(name, "padding", padding, dims, 0);
    check(name, "dilation", dilation, dims, 1);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.dilation = dilation.clone();
    this.groups = groups;
    int[] shape = new int[dims + 2];
    shape[0] = outChannels;
    shape[1] = inChannels / groups;
    System.arraycopy(kernelSize, 0, shape, 2, dims);
    this.weight = new Parameter(Tensor.zeros(shape));
    this.bias = bias ? new Parameter(Tensor.zeros(outChannels)) : null;
    resetParameters();
  }

  /**
   * Fresh values from the default generator, as PyTorch: weight by Kaiming-uniform with a = √5
   * (so U(±1/√fan_in)), then bias U(±1/√fan_in), with fan_in = in/groups·∏kernel.
   */
  public void resetParameters() {
    Init.linearDefault(weight, bias);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Parameter bias() {
    return bias;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] stride() {
    return stride.clone();
  }

  public int[] padding() {
    return padding.clone();
  }

  public int[] dilation() {
    return dilation.clone();
  }

  public int groups() {
    return groups;
  }

  /** As PyTorch: padding, dilation, groups and bias are shown only when not their defaults. */
  @Override
  protected String extraRepr() {
    StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=").append(PyRepr.tuple(stride));
    if (!allEqual(padding, 0)) sb.append(", padding=").append(PyRepr.tuple(padding));
    if (!allEqual(dilation, 1)) sb.append(", dilation=").append(PyRepr.tuple(dilation));
    if (groups != 1) sb.append(", groups=").append(groups);
    if (bias == null) sb.append(", bias=False");
    return sb.toString();
  }

  private static boolean allEqual(int[] values, int v) {
    for (int x : values) if (x != v) return false;
    return true;
  }

  private static void check(String name, String what, int[] values, int dims, int min) {
    if (values.length != dims) {
      throw new IllegalArgumentException(name + ": " + what + " needs " + dims + " value" + (dims == 1 ? "" : "s")
          + ", got " + PyRepr.tuple(values));
    }
    for (int v : values) {
      if (v < min) {
        throw new IllegalArgumentException(name + ": " + what + " must be " + (min == 0 ? "non-negative" : "positive")
            + ", got " + PyRepr.tuple(values));
      }
    }
  }
}
