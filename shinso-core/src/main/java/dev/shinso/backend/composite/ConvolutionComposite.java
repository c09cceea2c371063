package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.tensor.Tensor;

/**
 * Convolution as im2col and a batched matmul, from copies through strided views: the unfolded
 * input [N, C, kH, kW, oH, oW] is a view of the zero-padded input whose strides step by dilation
 * within a window and by stride between windows, so one copy materialises it on any device. Each
 * group's weight [O/g, C/g·kH·kW] then multiplies each image's columns.
 */
public final class ConvolutionComposite {
  private ConvolutionComposite() {}

  public static Tensor conv2d(Backend b, Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    int n = x.size(0), o = weight.size(0), kH = weight.size(2), kW = weight.size(3), g = p.groups();
    int oH = p.outH(x.size(2), kH), oW = p.outW(x.size(3), kW), k = weight.size(1) * kH * kW;
    Tensor cols = columns(b, x, kH, kW, oH, oW, p);                                      // [N, g, K, P]
    Tensor w = Raw.expand(Raw.reshape(b, weight, 1, g, o / g, k), n, g, o / g, k);
    Tensor out = Raw.reshape(b, b.matmul(w, cols), n, o, oH, oW);
    if (bias != null) {
      Raw.inPlace(b, BinaryOp.ADD, out, Raw.view(bias, new int[] {o, 1, 1}, new int[] {bias.stride(0), 0, 0}, bias.offset()));
    }
    return out;
  }

  public static Tensor backwardInput(Backend b, Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    int n = inputShape[0], c = inputShape[1], o = weight.size(0), kH = weight.size(2), kW = weight.size(3);
    int g = p.groups(), oH = gradOutput.size(2), oW = gradOutput.size(3), k = weight.size(1) * kH * kW;
    Tensor wT = Raw.expand(Raw.permute(Raw.reshape(b, weight, 1, g, o / g, k), 0, 1, 3, 2), n, g, k, o / g);
    Tensor gradCols = Raw.reshape(b, b.matmul(wT, Raw.reshape(b, gradOutput, n, g, o / g, oH * oW)), n, c, kH, kW, oH, oW);
    int hp = inputShape[2] + 2 * p.padH(), wp = inputShape[3] + 2 * p.padW();
    Tensor padded = Raw.empty(b, gradOutput.dtype(), n, c, hp, wp);
    // Every window position adds its columns back where they came from (col2im).
    for (int i = 0; i < kH; i++) {
      for (int j = 0; j < kW; j++) {
        Tensor dst = Raw.view(padded, new int[] {n, c, oH, oW}, new int[] {c * hp * wp, hp * wp, p.strideH() * wp, p.strideW()},
            i * p.dilationH() * wp + j * p.dilationW());
        b.binaryInPlace(BinaryOp.ADD, dst, window(gradCols, i, j));
      }
    }
    return unpad(b, padded, inputShape, p.padH(), p.padW());
  }

  public static Tensor backwardWeight(Backend b, Tensor gradOutput, Tensor x, int[] weightShape, Conv2dParams p) {
    int n = x.size(0), o = weightShape[0], kH = weightShape[2], kW = weightShape[3], g = p.groups();
    int oH = gradOutput.size(2), oW = gradOutput.size(3), k = weightShape[1] * kH * kW;
    Tensor cols = columns(b, x, kH, kW, oH, oW, p);                                      // [N, g, K, P]
    Tensor perImage = b.matmul(Raw.reshape(b, gradOutput, n, g, o / g, oH * oW), Raw.permute(cols, 0, 1, 3, 2));
    return Raw.reshape(b, Raw.sum(b, perImage, 0), weightShape);
  }

  /** cols[:, :, i, j] of cols [N, C, kH, kW, oH, oW]: the values window position (i, j) saw, [N, C, oH, oW]. */
  static Tensor window(Tensor cols, int i, int j) {
    return Raw.view(cols, new int[] {cols.size(0), cols.size(1), cols.size(4), cols.size(5)},
        new int[] {cols.stride(0), cols.stride(1), cols.stride(4), cols.stride(5)},
        cols.offset() + i * cols.stride(2) + j * cols.stride(3));
  }

  /** The unfolded input [N, g, C/g·kH·kW, oH·oW] (contiguous). */
  static Tensor columns(Backend b, Tensor x, int kH, int kW, int oH, int oW, Conv2dParams p) {
    int n = x.size(0), c = x.size(1);
    Tensor src = pad(b, x, p.padH(), p.padW(), 0f);
    int sN = src.stride(0), sC = src.stride(1), sH = src.stride(2), sW = src.stride(3);
    Tensor windows = Raw.view(src, new int[] {n, c, kH, kW, oH, oW},
        new int[] {sN, sC, p.dilationH() * sH, p.dilationW() * sW, p.strideH() * sH, p.strideW() * sW}, src.offset());
    return Raw.reshape(b, Raw.copy(b, windows), n, p.groups(), c / p.groups() * kH * kW, oH * oW);
  }

  /** x inside a border of value (x itself without padding). */
  static Tensor pad(Backend b, Tensor x, int padH, int padW, float value) {
    return padTo(b, x, padH, padW, x.size(2) + 2 * padH, x.size(3) + 2 * padW, value);
  }

  /** x at (padH, padW) in a [N, C, height, width] tensor of value (x itself when it would fill it). */
  static Tensor padTo(Backend b, Tensor x, int padH, int padW, int height, int width, float value) {
    if (padH == 0 && padW == 0 && height == x.size(2) && width == x.size(3)) return x;
    Tensor out = Raw.full(b, x.dtype(), value, x.size(0), x.size(1), height, width);
    b.copyInto(Raw.narrow(Raw.narrow(out, 2, padH, x.size(2)), 3, padW, x.size(3)), x);
    return out;
  }

  /** The [N, C, H, W] interior of a padded gradient, contiguous. */
  static Tensor unpad(Backend b, Tensor padded, int[] shape, int padH, int padW) {
    if (padH == 0 && padW == 0 && padded.size(2) == shape[2] && padded.size(3) == shape[3]) return padded;
    return Raw.copy(b, Raw.narrow(Raw.narrow(padded, 2, padH, shape[2]), 3, padW, shape[3]));
  }
}
