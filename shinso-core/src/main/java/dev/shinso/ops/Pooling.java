package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.function.Function;

/**
 * 2-d pooling over [N, C, H, W] or an unbatched [C, H, W], as torch.nn.functional's max_pool2d,
 * avg_pool2d and adaptive_avg_pool2d. Max pooling saves the index of each window's maximum and its
 * backward sends the gradient there; the averages spread it evenly over each window.
 */
public final class Pooling {
  private Pooling() {}

  /** kernel, stride, padding, dilation are (height, width) pairs; a null stride means stride = kernel. */
  public static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
      boolean ceilMode) {
    Pool2dParams p = check("maxPool2d", input, kernel, stride, padding, dilation, ceilMode);
    return batched(input, x -> {
      Backend backend = x.backend();
      if (!Autograd.needsGrad(x)) return backend.maxPool2d(x, p);  // inference: the indices would only cost memory
      Backend.MaxPool2dResult r = backend.maxPool2dWithIndices(x, p);
      Tensor indices = r.indices();
      int[] shape = x.shapeArray();
      return Autograd.record("maxPool2d", r.output(), new Tensor[] {x},
          g -> new Tensor[] {backend.maxPool2dBackward(g, indices, shape)});
    });
  }

  /** countIncludePad (PyTorch's default: true) divides by the window size including the zero padding. */
  public static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
      boolean countIncludePad) {
    Pool2dParams p = check("avgPool2d", input, kernel, stride, padding, new int[] {1, 1}, ceilMode);
    return batched(input, x -> {
      Backend backend = x.backend();
      int[] shape = x.shapeArray();
      return Autograd.record("avgPool2d", backend.avgPool2d(x, p, countIncludePad), new Tensor[] {x},
          g -> new Tensor[] {backend.avgPool2dBackward(g, shape, p, countIncludePad)});
    });
  }

  /** Averages over windows chosen so that the output is outputSize (height, width), whatever the input's size. */
  public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
    checkInput("adaptiveAvgPool2d", input);
    if (outputSize == null || outputSize.length != 2 || outputSize[0] < 1 || outputSize[1] < 1) {
      throw new IllegalArgumentException("adaptiveAvgPool2d: output_size must be two positive sizes, got "
          + (outputSize == null ? "null" : Shape.format(outputSize)) + " (input " + input.shapeString() + ")");
    }
    return batched(input, x -> {
      Backend backend = x.backend();
      int[] shape = x.shapeArray();
      return Autograd.record("adaptiveAvgPool2d", backend.adaptiveAvgPool2d(x, outputSize[0], outputSize[1]),
          new Tensor[] {x}, g -> new Tensor[] {backend.adaptiveAvgPool2dBackward(g, shape)});
    });
  }

  /** Applies pool to [N, C, H, W]; an unbatched input gets a batch dim of 1 for the call. */
  private static Tensor batched(Tensor input, Function<Tensor, Tensor> pool) {
    return input.dim() == 3 ? pool.apply(input.unsqueeze(0)).squeeze(0) : pool.apply(input);
  }

  private static void checkInput(String op, Tensor input) {
    if (input.dim() != 3 && input.dim() != 4) {
      throw new IllegalArgumentException(op + ": expected a 4-d input [N, C, H, W] (or 3-d without the batch dim),"
          + " got " + input.shapeString());
    }
    DTypes.requireSameFloating(op, new String[] {"input"}, input);
    for (int d = input.dim() - 3; d < input.dim(); d++) {
      if (input.size(d) == 0) {
        throw new IllegalArgumentException(op + ": input " + input.shapeString()
            + " has an empty channel or spatial dim; only the batch dim may be 0");
      }
    }
  }

  private static Pool2dParams check(String op, Tensor input, int[] kernel, int[] stride, int[] padding,
      int[] dilation, boolean ceilMode) {
    checkInput(op, input);
    int[] s = stride == null || stride.length == 0 ? kernel : stride;
    String where = " (input " + input.shapeString() + ")";
    checkPair(op, "kernel_size", kernel, 1, where);
    checkPair(op, "stride", s, 1, where);
    checkPair(op, "padding", padding, 0, where);
    checkPair(op, "dilation", dilation, 1, where);
    if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
      throw new IllegalArgumentException(op + ": padding " + Convolution.tuple(padding)
          + " must be at most half of kernel_size " + Convolution.tuple(kernel) + where);
    }
    Pool2dParams p = new Pool2dParams(kernel[0], kernel[1], s[0], s[1], padding[0], padding[1],
        dilation[0], dilation[1], ceilMode);
    int h = input.size(input.dim() - 2), w = input.size(input.dim() - 1);
    if (p.outH(h) < 1 || p.outW(w) < 1) {
      throw new IllegalArgumentException(op + ": input " + input.shapeString() + " is too small for kernel_size "
          + Convolution.tuple(kernel) + " with stride " + Convolution.tuple(s) + ", padding " + Convolution.tuple(padding)
          + " and dilation " + Convolution.tuple(dilation) + ": the output size would be "
          + Shape.format(new int[] {p.outH(h), p.outW(w)}));
    }
    return p;
  }

  private static void checkPair(String op, String name, int[] values, int min, String where) {
    if (values == null || values.length != 2) {
      throw new IllegalArgumentException(op + ": " + name + " needs 2 values (height, width), got "
          + (values == null ? "null" : Shape.format(values)) + where);
    }
    if (values[0] < min || values[1] < min) {
      throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
          + ", got " + Convolution.tuple(values) + where);
    }
  }
}
