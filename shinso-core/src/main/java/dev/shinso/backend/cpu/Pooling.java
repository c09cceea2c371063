package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.contiguous;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;

import dev.shinso.backend.Backend;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max, average and adaptive average pooling over [N, C, H, W] and their gradients, on contiguous
 * copies, one (image, channel) plane at a time, planes spread over the intra-op pool. Window
 * bounds and tie rules follow PyTorch's CPU kernels, so indices and values match it exactly.
 */
final class Pooling {
  private static final VectorSpecies<Integer> INTS = Simd.F.withLanes(int.class);
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, Simd.F.vectorShape());
  /** Least work (window reads) per thread hand-off. */
  private static final int GRAIN = 32_768;

  private Pooling() {}

  static Backend.MaxPool2dResult maxPool2d(Tensor input, Pool2dParams p) {
    return maxPool2d(input, p, Simd.ENABLED, true);
  }

  /**
   * As {@link #maxPool2d(Tensor, Pool2dParams)}, choosing vector or scalar code where there is a choice
   * (tests); without indices (null in the result) for inference, where no backward will need them.
   */
  static Backend.MaxPool2dResult maxPool2d(Tensor input, Pool2dParams p, boolean simd, boolean withIndices) {
    Tensor x = contiguous(input);
    int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
    int oH = p.outH(h), oW = p.outW(w);
    int[] outShape = {x.size(0), x.size(1), oH, oW};
    Tensor out = empty(DType.FLOAT32, outShape), idx = withIndices ? empty(DType.INT64, outShape) : null;
    float[] xd = floats(x), od = floats(out);
    long[] id = withIndices ? longs(idx) : null;
    int xOff = x.offset();
    int kH = p.kernelH(), kW = p.kernelW(), dH = p.dilationH(), dW = p.dilationW();
    if (isTwoByTwo(p) && 2 * oH <= h && 2 * oW <= w) {
      IntraOpPool.parallelFor(planes, minChunk(oH * oW * 4), (s, e) -> maxPool2x2(xd, xOff, h, w, oH, oW, od, id, s, e, simd));
      return new Backend.MaxPool2dResult(out, idx);
    }
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
            if (id != null) id[o] = best;
          }
        }
      }
    });
    return new Backend.MaxPool2dResult(out, idx);
  }

  /** The CNN's pooling: 2×2 windows, stride 2, no padding or dilation (with 2·out ≤ in, every window lies inside). */
  private static boolean isTwoByTwo(Pool2dParams p) {
    return p.kernelH() == 2 && p.kernelW() == 2 && p.strideH() == 2 && p.strideW() == 2 && p.padH() == 0
        && p.padW() == 0 && p.dilationH() == 1 && p.dilationW() == 1;
  }

  /**
   * maxPool2d for {@link #isTwoByTwo} on planes [s, e) (id null: no indices), with the general loop's rule (a later
   * element wins when strictly greater, or NaN) as selects instead of branches: which of four
   * values is largest is a coin toss the branch predictor loses, which made the branching loop as
   * slow as the CNN's convolutions. The vector path gathers the four corners of 16 windows at
   * once through a map from output to window position within the plane; the scalar loop does the
   * rest of a plane.
   */
  private static void maxPool2x2(float[] xd, int xOff, int h, int w, int oH, int oW, float[] od, long[] id, int s,
      int e, boolean simd) {
    int pixels = oH * oW;
    int[] corner = new int[pixels];
    for (int o = 0; o < pixels; o++) corner[o] = 2 * (o / oW) * w + 2 * (o % oW);
    for (int pl = s; pl < e; pl++) {
      int xp = xOff + pl * h * w, op = pl * pixels;
      int o = 0;
      if (simd) {
        // Whole vectors only: masked tails ran the Vector API's slow lane-by-lane checks.
        for (; o + Simd.LANES <= pixels; o += Simd.LANES) {
          maxPool2x2Vector(xd, xp, w, corner, o, od, op + o, id);
        }
      }
      for (; o < pixels; o++) {
        int at = xp + corner[o];
        float m = xd[at];
        int b = at;
        float v = xd[at + 1];
        b = v > m | v != v ? at + 1 : b;
        m = Math.max(m, v);  // equal to the rule's running maximum but for the sign of a zero, which compares equal
        v = xd[at + w];
        b = v > m | v != v ? at + w : b;
        m = Math.max(m, v);
        v = xd[at + w + 1];
        b = v > m | v != v ? at + w + 1 : b;
        od[op + o] = xd[b];
        if (id != null) id[op + o] = b - xp;
      }
    }
  }

  /** Windows o … o+LANES−1 of the plane at xp: maxima into od at out, their positions into id at out (if not null). */
  private static void maxPool2x2Vector(float[] xd, int xp, int w, int[] corner, int o, float[] od, int out,
      long[] id) {
    IntVector at = IntVector.fromArray(INTS, corner, o);
    FloatVector m = FloatVector.fromArray(Simd.F, xd, xp, corner, o);
    IntVector b = at;
    // v != v: the NaN lanes (test(IS_NAN) was not compiled to vector code). Written out, not looped:
    // vectors carried across a loop C2 does not unroll get boxed.
    FloatVector v = FloatVector.fromArray(Simd.F, xd, xp + 1, corner, o);
    VectorMask<Float> wins = v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    m = m.blend(v, wins);
    b = b.blend(at.add(1), wins.cast(INTS));
    v = FloatVector.fromArray(Simd.F, xd, xp + w, corner, o);
    wins = v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    m = m.blend(v, wins);
    b = b.blend(at.add(w), wins.cast(INTS));
    v = FloatVector.fromArray(Simd.F, xd, xp + w + 1, corner, o);
    wins = v.compare(VectorOperators.GT, m).or(v.compare(VectorOperators.NE, v));
    m = m.blend(v, wins);
    b = b.blend(at.add(w + 1), wins.cast(INTS));
    m.intoArray(od, out);
    if (id != null) {  // widened in two halves: storing lane by lane made the forward with indices ~15% slower
      ((LongVector) b.convertShape(VectorOperators.I2L, LONGS, 0)).intoArray(id, out);
      ((LongVector) b.convertShape(VectorOperators.I2L, LONGS, 1)).intoArray(id, out + LONGS.length());
    }
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
