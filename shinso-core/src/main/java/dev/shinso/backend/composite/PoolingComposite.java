package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.Tensor;

/**
 * Pooling from strided views of a padded copy: the windows [N, C, oH, oW, kH, kW] are a view
 * (dilation steps within a window, stride between windows), copied once and reduced over their
 * last dim. Window bounds, divisors and the index of a max follow PyTorch's CPU kernels; the
 * tables that depend only on the geometry are computed on the host and uploaded.
 */
public final class PoolingComposite {
  private PoolingComposite() {}

  public static Backend.MaxPool2dResult maxPool2d(Backend b, Tensor x, Pool2dParams p) {
    int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), oH = p.outH(h), oW = p.outW(w);
    int kk = p.kernelH() * p.kernelW();
    Tensor windows = windows(b, x, p, Float.NEGATIVE_INFINITY);                            // [N, C, oH, oW, kk]
    Tensor at = b.argReduce(true, windows, 4);                                             // [N, C, oH, oW, 1]
    Tensor out = Raw.reshape(b, b.gather(windows, 4, at), n, c, oH, oW);
    Tensor table = Raw.expand(Raw.constant(b, planeIndices(h, w, p), 1, 1, oH, oW, kk), n, c, oH, oW, kk);
    return new Backend.MaxPool2dResult(out, Raw.reshape(b, b.gather(table, 4, at), n, c, oH, oW));
  }

  public static Tensor maxPool2dBackward(Backend b, Tensor gradOutput, Tensor indices, int[] inputShape) {
    int n = inputShape[0], c = inputShape[1], plane = inputShape[2] * inputShape[3];
    int outPlane = gradOutput.size(2) * gradOutput.size(3);
    Tensor grad = Raw.empty(b, gradOutput.dtype(), n, c, plane);
    Tensor summed = b.scatterAdd(grad, 2, Raw.reshape(b, indices, n, c, outPlane), Raw.reshape(b, gradOutput, n, c, outPlane));
    return Raw.reshape(b, summed, inputShape);
  }

  public static Tensor avgPool2d(Backend b, Tensor x, Pool2dParams p, boolean countIncludePad) {
    int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), oH = p.outH(h), oW = p.outW(w);
    Tensor sums = Raw.reshape(b, Raw.sum(b, windows(b, x, p, 0f), 4), n, c, oH, oW);
    return Raw.div(b, sums, Raw.constant(b, sums.dtype(), divisors(h, w, p, countIncludePad), oH, oW));
  }

  public static Tensor avgPool2dBackward(Backend b, Tensor gradOutput, int[] inputShape, Pool2dParams p,
      boolean countIncludePad) {
    int n = inputShape[0], c = inputShape[1], h = inputShape[2], w = inputShape[3], oH = p.outH(h), oW = p.outW(w);
    Tensor share = Raw.div(b, gradOutput, Raw.constant(b, gradOutput.dtype(), divisors(h, w, p, countIncludePad), oH, oW));
    int hb = bufferSize(h, oH, p.kernelH(), p.strideH(), p.padH(), p.dilationH());
    int wb = bufferSize(w, oW, p.kernelW(), p.strideW(), p.padW(), p.dilationW());
    Tensor padded = Raw.empty(b, gradOutput.dtype(), n, c, hb, wb);
    for (int i = 0; i < p.kernelH(); i++) {
      for (int j = 0; j < p.kernelW(); j++) {
        Tensor dst = Raw.view(padded, new int[] {n, c, oH, oW}, new int[] {c * hb * wb, hb * wb, p.strideH() * wb, p.strideW()},
            i * p.dilationH() * wb + j * p.dilationW());
        b.binaryInPlace(BinaryOp.ADD, dst, share);
      }
    }
    return ConvolutionComposite.unpad(b, padded, inputShape, p.padH(), p.padW());
  }

  public static Tensor adaptiveAvgPool2d(Backend b, Tensor x, int outH, int outW) {
    int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    if (h % outH == 0 && w % outW == 0) {
      // Equal windows tile the plane: [N, C, outH, h/outH, outW, w/outW], summed over the window dims.
      Tensor tiles = Raw.view(x, new int[] {n, c, outH, h / outH, outW, w / outW},
          new int[] {x.stride(0), x.stride(1), h / outH * x.stride(2), x.stride(2), w / outW * x.stride(3), x.stride(3)},
          x.offset());
      return Raw.reshape(b, Raw.mul(b, Raw.sum(b, tiles, 3, 5), 1f / ((h / outH) * (w / outW))), n, c, outH, outW);
    }
    Tensor out = Raw.empty(b, x.dtype(), n, c, outH, outW);
    for (int i = 0; i < outH; i++) {
      for (int j = 0; j < outW; j++) {
        int hs = start(i, h, outH), he = end(i, h, outH), ws = start(j, w, outW), we = end(j, w, outW);
        Tensor window = Raw.narrow(Raw.narrow(x, 2, hs, he - hs), 3, ws, we - ws);
        Tensor mean = Raw.mul(b, Raw.sum(b, window, 2, 3), 1f / ((he - hs) * (we - ws)));
        b.copyInto(Raw.narrow(Raw.narrow(out, 2, i, 1), 3, j, 1), mean);
      }
    }
    return out;
  }

  public static Tensor adaptiveAvgPool2dBackward(Backend b, Tensor gradOutput, int[] inputShape) {
    int h = inputShape[2], w = inputShape[3], outH = gradOutput.size(2), outW = gradOutput.size(3);
    Tensor grad = Raw.empty(b, gradOutput.dtype(), inputShape);
    for (int i = 0; i < outH; i++) {
      for (int j = 0; j < outW; j++) {
        int hs = start(i, h, outH), he = end(i, h, outH), ws = start(j, w, outW), we = end(j, w, outW);
        Tensor g = Raw.mul(b, Raw.narrow(Raw.narrow(gradOutput, 2, i, 1), 3, j, 1), 1f / ((he - hs) * (we - ws)));
        Raw.inPlace(b, BinaryOp.ADD, Raw.narrow(Raw.narrow(grad, 2, hs, he - hs), 3, ws, we - ws), g);
      }
    }
    return grad;
  }

  private static int start(int i, int in, int out) {
    return Math.floorDiv(i * in, out);
  }

  private static int end(int i, int in, int out) {
    return -Math.floorDiv(-(i + 1) * in, out);
  }

  /** The windows of x padded with value, [N, C, oH, oW, kH·kW], contiguous. */
  private static Tensor windows(Backend b, Tensor x, Pool2dParams p, float value) {
    int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), oH = p.outH(h), oW = p.outW(w);
    int hb = bufferSize(h, oH, p.kernelH(), p.strideH(), p.padH(), p.dilationH());
    int wb = bufferSize(w, oW, p.kernelW(), p.strideW(), p.padW(), p.dilationW());
    Tensor src = ConvolutionComposite.padTo(b, x, p.padH(), p.padW(), hb, wb, value);
    int sH = src.stride(2), sW = src.stride(3);
    Tensor view = Raw.view(src, new int[] {n, c, oH, oW, p.kernelH(), p.kernelW()},
        new int[] {src.stride(0), src.stride(1), p.strideH() * sH, p.strideW() * sW, p.dilationH() * sH, p.dilationW() * sW},
        src.offset());
    return Raw.reshape(b, Raw.copy(b, view), n, c, oH, oW, p.kernelH() * p.kernelW());
  }

  /** The padded extent that holds every window, the ceil mode's last one included. */
  private static int bufferSize(int in, int out, int k, int stride, int pad, int dilation) {
    return Math.max(in + 2 * pad, (out - 1) * stride + dilation * (k - 1) + 1);
  }

  /**
   * For each output cell and window tap, the flat index h·W + w of the input pixel it reads. A tap
   * in the padding maps to the window's first pixel inside the image, which is the index PyTorch
   * reports when no pixel beats -inf.
   */
  private static long[] planeIndices(int h, int w, Pool2dParams p) {
    int oH = p.outH(h), oW = p.outW(w), kH = p.kernelH(), kW = p.kernelW();
    long[] t = new long[oH * oW * kH * kW];
    int at = 0;
    for (int oh = 0; oh < oH; oh++) {
      for (int ow = 0; ow < oW; ow++) {
        int hs = oh * p.strideH() - p.padH(), ws = ow * p.strideW() - p.padW();
        long first = (long) firstInside(hs, p.dilationH()) * w + firstInside(ws, p.dilationW());
        for (int i = 0; i < kH; i++) {
          for (int j = 0; j < kW; j++) {
            int y = hs + i * p.dilationH(), x = ws + j * p.dilationW();
            t[at++] = y >= 0 && y < h && x >= 0 && x < w ? (long) y * w + x : first;
          }
        }
      }
    }
    return t;
  }

  /** The first coordinate start + i·dilation that is not negative. */
  private static int firstInside(int start, int dilation) {
    return start >= 0 ? start : start + (-start + dilation - 1) / dilation * dilation;
  }

  /** PyTorch's avg_pool2d divisor per output cell: the window clipped to the padded input, or to the input. */
  private static float[] divisors(int h, int w, Pool2dParams p, boolean countIncludePad) {
    int oH = p.outH(h), oW = p.outW(w);
    float[] d = new float[oH * oW];
    for (int oh = 0; oh < oH; oh++) {
      for (int ow = 0; ow < oW; ow++) {
        int hs = oh * p.strideH() - p.padH(), ws = ow * p.strideW() - p.padW();
        int he = Math.min(hs + p.kernelH(), h + p.padH()), we = Math.min(ws + p.kernelW(), w + p.padW());
        int size = (he - hs) * (we - ws);
        int valid = (Math.min(he, h) - Math.max(hs, 0)) * (Math.min(we, w) - Math.max(ws, 0));
        d[oh * oW + ow] = countIncludePad ? size : valid;
      }
    }
    return d;
  }
}
