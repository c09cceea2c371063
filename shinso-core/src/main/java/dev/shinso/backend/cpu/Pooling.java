package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.contiguous;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;

import dev.shinso.backend.Backend;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Max, average and adaptive average pooling over [N, C, H, W] and their gradients, on contiguous
 * copies, one (image, channel) plane at a time, planes spread over the intra-op pool. Window
 * bounds and tie rules follow PyTorch's CPU kernels, so indices and values match it exactly.
 */
final class Pooling {
  /** Least work (window reads) per thread hand-off. */
  private static final int GRAIN = 32_768;

  private Pooling() {}

  static Backend.MaxPool2dResult maxPool2d(Tensor input, Pool2dParams p) {
    Tensor x = contiguous(input);
    int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
    int oH = p.outH(h), oW = p.outW(w);
    int[] outShape = {x.size(0), x.size(1), oH, oW};
    Tensor out = empty(DType.FLOAT32, outShape), idx = empty(DType.INT64, outShape);
    float[] xd = floats(x), od = floats(out);
    long[] id = longs(idx);
    int xOff = x.offset();
    int kH = p.kernelH(), kW = p.kernelW(), dH = p.dilationH(), dW = p.dilationW();
    IntraOpPool.parallelFor(planes, minChunk(oH * oW * kH * kW), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int xp = xOff + pl * h * w, o = pl * oH * oW;
        for (int oh = 0; oh < oH; oh++) {
          int hs = oh * p.strideH() - p.padH();
          int khLo = firstTap(hs, dH), khHi = endTap(hs, dH, kH, h);
          for (int ow = 0; ow < oW; ow++, o++) {
            int ws = ow * p.strideW() - p.padW();
            int kwLo = firstTap(ws, dW), kwHi = endTap(ws, dW, kW, w);
            // As PyTorch: start at the window's first pixel inside the image with -inf; a later
            // element wins only when strictly greater, or NaN.
            int best = (hs + khLo * dH) * w + ws + kwLo * dW;
            float max = Float.NEGATIVE_INFINITY;
            for (int kh = khLo; kh < khHi; kh++) {
              int row = (hs + kh * dH) * w + ws;
              for (int kw = kwLo; kw < kwHi; kw++) {
                int at = row + kw * dW;
                float v = xd[xp + at];
                if (v > max || Float.isNaN(v)) {
                  max = v;
                  best = at;
                }
              }
            }
            od[o] = max;
            id[o] = best;
          }
        }
      }
    });
    return new Backend.MaxPool2dResult(out, idx);
  }

  static Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
    Tensor g = contiguous(gradOutput), ix = contiguous(indices);
    Tensor dx = empty(DType.FLOAT32, inputShape);
    int planes = inputShape[0] * inputShape[1], plane = inputShape[2] * inputShape[3];
    int outPlane = g.size(2) * g.size(3);
    float[] gd = floats(g), dxd = floats(dx);
    long[] id = longs(ix);
    int gOff = g.offset(), iOff = ix.offset();
    IntraOpPool.parallelFor(planes, minChunk(outPlane), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int base = pl * plane;
        for (int j = pl * outPlane, end = j + outPlane; j < end; j++) dxd[base + (int) id[iOff + j]] += gd[gOff + j];
      }
    });
    return dx;
  }

  static Tensor avgPool2d(Tensor input, Pool2dParams p, boolean countIncludePad) {
    Tensor x = contiguous(input);
    int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
    int oH = p.outH(h), oW = p.outW(w);
    Tensor out = empty(DType.FLOAT32, new int[] {x.size(0), x.size(1), oH, oW});
    float[] xd = floats(x), od = floats(out);
    int xOff = x.offset();
    IntraOpPool.parallelFor(planes, minChunk(oH * oW * p.kernelH() * p.kernelW()), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int xp = xOff + pl * h * w, o = pl * oH * oW;
        for (int oh = 0; oh < oH; oh++) {
          Window rows = Window.of(oh, p.strideH(), p.padH(), p.kernelH(), h);
          for (int ow = 0; ow < oW; ow++, o++) {
            Window cols = Window.of(ow, p.strideW(), p.padW(), p.kernelW(), w);
            float sum = 0;
            for (int ih = rows.start; ih < rows.end; ih++) {
              for (int iw = cols.start; iw < cols.end; iw++) sum += xd[xp + ih * w + iw];
            }
            od[o] = sum / divisor(rows, cols, countIncludePad);
          }
        }
      }
    });
    return out;
  }

  static Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p, boolean countIncludePad) {
    Tensor g = contiguous(gradOutput);
    Tensor dx = empty(DType.FLOAT32, inputShape);
    int planes = inputShape[0] * inputShape[1], h = inputShape[2], w = inputShape[3];
    int oH = g.size(2), oW = g.size(3);
    float[] gd = floats(g), dxd = floats(dx);
    int gOff = g.offset();
    IntraOpPool.parallelFor(planes, minChunk(oH * oW * p.kernelH() * p.kernelW()), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int xp = pl * h * w, o = gOff + pl * oH * oW;
        for (int oh = 0; oh < oH; oh++) {
          Window rows = Window.of(oh, p.strideH(), p.padH(), p.kernelH(), h);
          for (int ow = 0; ow < oW; ow++, o++) {
            Window cols = Window.of(ow, p.strideW(), p.padW(), p.kernelW(), w);
            float share = gd[o] / divisor(rows, cols, countIncludePad);
            for (int ih = rows.start; ih < rows.end; ih++) {
              for (int iw = cols.start; iw < cols.end; iw++) dxd[xp + ih * w + iw] += share;
            }
          }
        }
      }
    });
    return dx;
  }

  static Tensor adaptiveAvgPool2d(Tensor input, int oH, int oW) {
    Tensor x = contiguous(input);
    int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
    Tensor out = empty(DType.FLOAT32, new int[] {x.size(0), x.size(1), oH, oW});
    float[] xd = floats(x), od = floats(out);
    int xOff = x.offset();
    IntraOpPool.parallelFor(planes, minChunk(h * w), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int xp = xOff + pl * h * w, o = pl * oH * oW;
        for (int oh = 0; oh < oH; oh++) {
          int hs = adaptiveStart(oh, h, oH), he = adaptiveEnd(oh, h, oH);
          for (int ow = 0; ow < oW; ow++, o++) {
            int ws = adaptiveStart(ow, w, oW), we = adaptiveEnd(ow, w, oW);
            float sum = 0;
            for (int ih = hs; ih < he; ih++) {
              for (int iw = ws; iw < we; iw++) sum += xd[xp + ih * w + iw];
            }
            od[o] = sum / ((he - hs) * (we - ws));
          }
        }
      }
    });
    return out;
  }

  static Tensor adaptiveAvgPool2dBackward(Tensor gradOutput, int[] inputShape) {
    Tensor g = contiguous(gradOutput);
    Tensor dx = empty(DType.FLOAT32, inputShape);
    int planes = inputShape[0] * inputShape[1], h = inputShape[2], w = inputShape[3];
    int oH = g.size(2), oW = g.size(3);
    float[] gd = floats(g), dxd = floats(dx);
    int gOff = g.offset();
    IntraOpPool.parallelFor(planes, minChunk(h * w), (s, e) -> {
      for (int pl = s; pl < e; pl++) {
        int xp = pl * h * w, o = gOff + pl * oH * oW;
        for (int oh = 0; oh < oH; oh++) {
          int hs = adaptiveStart(oh, h, oH), he = adaptiveEnd(oh, h, oH);
          for (int ow = 0; ow < oW; ow++, o++) {
            int ws = adaptiveStart(ow, w, oW), we = adaptiveEnd(ow, w, oW);
            float share = gd[o] / ((he - hs) * (we - ws));
            for (int ih = hs; ih < he; ih++) {
              for (int iw = ws; iw < we; iw++) dxd[xp + ih * w + iw] += share;
            }
          }
        }
      }
    });
    return dx;
  }

  /** floor(i·in/out). */
  private static int adaptiveStart(int i, int in, int out) {
    return (int) ((long) i * in / out);
  }

  /** ceil((i+1)·in/out). */
  private static int adaptiveEnd(int i, int in, int out) {
    return (int) (((long) (i + 1) * in + out - 1) / out);
  }

  /** The first kernel tap k with start + k·dilation ≥ 0. */
  private static int firstTap(int start, int dilation) {
    return start >= 0 ? 0 : Math.ceilDiv(-start, dilation);
  }

  /** One past the last kernel tap k < kernel with start + k·dilation < size. */
  private static int endTap(int start, int dilation, int kernel, int size) {
    return Math.clamp(Math.ceilDiv(size - start, dilation), 0, kernel);
  }

  /**
   * An average-pooling window along one axis, as PyTorch computes it: padded is its length
   * counting the padding (clipped at the padded edge, which ceil mode can cross), [start, end)
   * its part inside the input.
   */
  private record Window(int start, int end, int padded) {
    static Window of(int i, int stride, int pad, int kernel, int size) {
      int start = i * stride - pad;
      int end = Math.min(start + kernel, size + pad);
      return new Window(Math.max(start, 0), Math.min(end, size), end - start);
    }
  }

  private static int divisor(Window rows, Window cols, boolean countIncludePad) {
    return countIncludePad ? rows.padded * cols.padded : (rows.end - rows.start) * (cols.end - cols.start);
  }

  private static int minChunk(int workPerPlane) {
    return Math.max(1, GRAIN / Math.max(1, workPerPlane));
  }
}
