package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.autograd.Node;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * Convolution (cross-correlation, as torch.nn.functional.conv2d) over [N, C, H, W] or an
 * unbatched [C, H, W]; conv1d is conv2d over a height of 1. Backward: the input's and the weight's
 * gradients come from the backend's two backward kernels, the bias's is the output gradient summed
 * over batch and pixels.
 */
public final class Convolution {
  private Convolution() {}

  /** stride, padding and dilation are (height, width) pairs. */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return conv2d(input, weight, bias, stride, padding, dilation, groups, false);
  }

  /**
   * relu(conv2d(...)) as one op, for a Conv2d followed by a ReLU (see nn.Sequential): the
   * convolution's output is never a tensor of its own, so the ReLU costs no pass over memory and no
   * allocation; the backward masks the gradient by the output, as ReLU's does by its input.
   */
  public static Tensor conv2dRelu(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] dilation, int groups) {
    return conv2d(input, weight, bias, stride, padding, dilation, groups, true);
  }

  private static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups, boolean relu) {
    check("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
    Conv2dParams p = new Conv2dParams(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
    Tensor x = input.dim() == 3 ? input.unsqueeze(0) : input;
    Tensor out = relu ? recordRelu(x, weight, bias, p) : record(x, weight, bias, p);
    return input.dim() == 3 ? out.squeeze(0) : out;
  }

  /** input [N, C, L] or [C, L], weight [O, C/groups, k]: conv2d on a view with a height of 1. */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
      int groups) {
    int[] s = {stride}, p = {padding}, d = {dilation};
    check("conv1d", 1, input, weight, bias, s, p, d, groups);
    Conv2dParams params = new Conv2dParams(1, stride, 0, padding, 1, dilation, groups);
    Tensor x = input.dim() == 2 ? input.unsqueeze(0) : input;
    Tensor out = record(x.unsqueeze(2), weight.unsqueeze(2), bias, params).squeeze(2);
    return input.dim() == 2 ? out.squeeze(0) : out;
  }

  private static Tensor record(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
    return Autograd.record("conv2d", x.backend().conv2d(x, w, b, p), new Tensor[] {x, w, b}, new Tensor[] {x, w},
        g -> gradients(g, x, w, b, p));
  }

  private static Tensor recordRelu(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
    Tensor y = x.backend().conv2dRelu(x, w, b, p);
    return Autograd.record("conv2dRelu", y, new Tensor[] {x, w, b}, new Tensor[] {x, w, y},
        (Node.ReusingBackward) (g, reusable) -> gradients(Unary.reluBackward(g, y, reusable), x, w, b, p));
  }

  /** Gradients of input, weight and bias (null where not required) from the output's gradient g. */
  private static Tensor[] gradients(Tensor g, Tensor x, Tensor w, Tensor b, Conv2dParams p) {
    Backend backend = x.backend();
    return new Tensor[] {
        x.requiresGrad() ? backend.conv2dBackwardInput(g, w, x.shapeArray(), p) : null,
        w.requiresGrad() ? backend.conv2dBackwardWeight(g, x, w.shapeArray(), p) : null,
        b != null && b.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null};
  }

  /** The checks torch makes, with messages naming op and every shape; dims is the number of spatial dims. */
  private static void check(String op, int dims, Tensor input, Tensor weight, Tensor bias, int[] stride,
      int[] padding, int[] dilation, int groups) {
    String layout = dims == 2 ? "[N, C, H, W]" : "[N, C, L]";
    if (input.dim() != dims + 1 && input.dim() != dims + 2) {
      throw new IllegalArgumentException(op + ": expected a " + (dims + 2) + "-d input " + layout + " (or "
          + (dims + 1) + "-d without the batch dim), got " + input.shapeString());
    }
    if (weight.dim() != dims + 2) {
      throw new IllegalArgumentException(op + ": expected a " + (dims + 2) + "-d weight [out_channels, in_channels/groups"
          + (dims == 2 ? ", kH, kW]" : ", k]") + ", got " + weight.shapeString() + " (input " + input.shapeString() + ")");
    }
    String shapes = "input " + input.shapeString() + ", weight " + weight.shapeString()
        + (bias == null ? "" : ", bias " + bias.shapeString());
    DTypes.requireSameFloating(op, new String[] {"input", "weight", "bias"}, input, weight, bias);
    if (!input.device().equals(weight.device()) || (bias != null && !bias.device().equals(weight.device()))) {
      throw new IllegalArgumentException(op + ": tensors on different devices: " + shapes);
    }
    checkArg(op, "stride", stride, dims, 1, shapes);
    checkArg(op, "padding", padding, dims, 0, shapes);
    checkArg(op, "dilation", dilation, dims, 1, shapes);
    if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups + " (" + shapes + ")");
    int channels = input.size(input.dim() - dims - 1), out = weight.size(0);
    if (out % groups != 0) {
      throw new IllegalArgumentException(op + ": weight " + weight.shapeString() + " has " + out
          + " output channels, not divisible by groups=" + groups + " (input " + input.shapeString() + ")");
    }
    if (channels % groups != 0) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " has " + channels
          + " channels, not divisible by groups=" + groups + " (weight " + weight.shapeString() + ")");
    }
    if (channels != weight.size(1) * groups) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " has " + channels
          + " channels but weight " + weight.shapeString() + " expects " + weight.size(1) * groups
          + " (groups=" + groups + ")");
    }
    if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
      throw new IllegalArgumentException(op + ": bias " + bias.shapeString() + " does not match weight "
          + weight.shapeString() + ": expected [" + out + "]");
    }
    int[] outSize = new int[dims];
    boolean empty = false;
    for (int d = 0; d < dims; d++) {
      int in = input.size(input.dim() - dims + d), k = weight.size(2 + d);
      outSize[d] = Math.floorDiv(in + 2 * padding[d] - dilation[d] * (k - 1) - 1, stride[d]) + 1;
      empty |= outSize[d] <= 0;
    }
    if (empty) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " with padding " + tuple(padding)
          + " is smaller than the kernel of weight " + weight.shapeString() + " with dilation " + tuple(dilation)
          + ": the output size would be " + Shape.format(outSize));
    }
  }

  private static void checkArg(String op, String name, int[] values, int dims, int min, String shapes) {
    if (values == null || values.length != dims) {
      throw new IllegalArgumentException(op + ": " + name + " needs " + dims + " value" + (dims == 1 ? "" : "s")
          + ", got " + (values == null ? "null" : tuple(values)) + " (" + shapes + ")");
    }
    for (int v : values) {
      if (v < min) {
        throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
            + ", got " + tuple(values) + " (" + shapes + ")");
      }
    }
  }

  /** As Python prints a tuple: (1, 2), or (3,) for one element. */
  static String tuple(int[] values) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) sb.append(i == 0 ? "" : ", ").append(values[i]);
    return sb.append(values.length == 1 ? ",)" : ")").toString();
  }
}
