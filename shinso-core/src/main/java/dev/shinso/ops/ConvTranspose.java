package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * Transposed convolution (torch.nn.functional.conv_transpose2d) over [N, C, H, W] or unbatched
 * [C, H, W], weight [in_channels, out_channels/groups, kH, kW]. It is the adjoint of conv2d with the
 * same weight and geometry, so the backend's conv kernels serve it with roles swapped: its forward is
 * conv2d's input gradient, its input gradient is conv2d's forward and its weight gradient is conv2d's
 * weight gradient with input and output exchanged.
 */
public final class ConvTranspose {
  private ConvTranspose() {}

  /** stride, padding, outputPadding and dilation are (height, width) pairs; bias may be null. */
  public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int[] dilation, int groups) {
    int[] outHW = check(input, weight, bias, stride, padding, outputPadding, dilation, groups);
    Conv2dParams p = new Conv2dParams(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
    boolean unbatched = input.dim() == 3;
    Tensor x = unbatched ? input.unsqueeze(0) : input;
    Tensor out = record(x, weight, bias, p, new int[] {x.size(0), weight.size(1) * groups, outHW[0], outHW[1]});
    return unbatched ? out.squeeze(0) : out;
  }

  private static Tensor record(Tensor x, Tensor w, Tensor b, Conv2dParams p, int[] outShape) {
    Backend backend = x.backend();
    Tensor out = backend.conv2dBackwardInput(x, w, outShape, p);
    if (b != null) out = addBias(out, b);
    int[] wShape = w.shapeArray();
    Tensor result = out;
    return Autograd.record("convTranspose2d", result, new Tensor[] {x, w, b}, new Tensor[] {x, w}, g -> new Tensor[] {
        x.requiresGrad() ? backend.conv2d(g, w, null, p) : null,
        w.requiresGrad() ? backend.conv2dBackwardWeight(x, g, wShape, p) : null,
        b != null && b.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null});
  }

  /** out + bias per channel, computed without recording (the op records one node for the whole). */
  private static Tensor addBias(Tensor out, Tensor b) {
    try (var ignored = dev.shinso.autograd.NoGrad.enter()) {
      return out.add(b.detach().reshape(b.size(0), 1, 1));
    }
  }

  /** Checks as torch does and returns the output (height, width). */
  private static int[] check(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int[] dilation, int groups) {
    String op = "convTranspose2d";
    if (input.dim() != 3 && input.dim() != 4) {
      throw new IllegalArgumentException(op + ": expected a 4-d input [N, C, H, W] (or 3-d without the batch dim), got "
          + input.shapeString());
    }
    if (weight.dim() != 4) {
      throw new IllegalArgumentException(op + ": expected a 4-d weight [in_channels, out_channels/groups, kH, kW], got "
          + weight.shapeString() + " (input " + input.shapeString() + ")");
    }
    String shapes = "input " + input.shapeString() + ", weight " + weight.shapeString()
        + (bias == null ? "" : ", bias " + bias.shapeString());
    DTypes.requireSameFloating(op, new String[] {"input", "weight", "bias"}, input, weight, bias);
    if (!input.device().equals(weight.device()) || (bias != null && !bias.device().equals(weight.device()))) {
      throw new IllegalArgumentException(op + ": tensors on different devices: " + shapes);
    }
    pairOf(op, "stride", stride, 1, shapes);
    pairOf(op, "padding", padding, 0, shapes);
    pairOf(op, "output_padding", outputPadding, 0, shapes);
    pairOf(op, "dilation", dilation, 1, shapes);
    if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups + " (" + shapes + ")");
    int channels = input.size(input.dim() - 3);
    if (weight.size(0) % groups != 0 || channels != weight.size(0)) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " has " + channels
          + " channels but weight " + weight.shapeString() + " expects " + weight.size(0) + " (groups=" + groups + ")");
    }
    int out = weight.size(1) * groups;
    if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
      throw new IllegalArgumentException(op + ": bias " + bias.shapeString() + " does not match weight "
          + weight.shapeString() + " with groups=" + groups + ": expected [" + out + "]");
    }
    int[] outHW = new int[2];
    for (int d = 0; d < 2; d++) {
      if (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d]) {
        throw new IllegalArgumentException(op + ": output_padding " + Convolution.tuple(outputPadding)
            + " must be smaller than stride " + Convolution.tuple(stride) + " or dilation "
            + Convolution.tuple(dilation) + " (" + shapes + ")");
      }
      int in = input.size(input.dim() - 2 + d), k = weight.size(2 + d);
      outHW[d] = (in - 1) * stride[d] - 2 * padding[d] + dilation[d] * (k - 1) + outputPadding[d] + 1;
    }
    if (outHW[0] <= 0 || outHW[1] <= 0) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " with padding " + Convolution.tuple(padding)
          + " and weight " + weight.shapeString() + " gives an empty output " + Shape.format(outHW));
    }
    return outHW;
  }

  private static void pairOf(String op, String name, int[] values, int min, String shapes) {
    if (values == null || values.length != 2) {
      throw new IllegalArgumentException(op + ": " + name + " needs 2 values, got "
          + (values == null ? "null" : Convolution.tuple(values)) + " (" + shapes + ")");
    }
    for (int v : values) {
      if (v < min) {
        throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
            + ", got " + Convolution.tuple(values) + " (" + shapes + ")");
      }
    }
  }
}
