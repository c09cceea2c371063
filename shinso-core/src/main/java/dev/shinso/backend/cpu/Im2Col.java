package dev.shinso.backend.cpu;

import dev.shinso.backend.Conv2dParams;
import java.util.Arrays;

/**
 * Unfolds one image into the matrix a convolution multiplies (im2col) and folds a gradient of
 * that matrix back onto the image (col2im). The matrix has one row per (channel, kernel row,
 * kernel column), in the weight's order, and one column per output pixel (oH·oW, row-major), so
 * a convolution is weight [O, C·kH·kW] · col [C·kH·kW, oH·oW].
 *
 * <p>For each row, the output columns whose input pixel lies inside the image form one range
 * [lo, hi) per output row; outside it is zero padding. Inside, stride 1 is a plain array copy.
 */
final class Im2Col {
  private Im2Col() {}

  /** Writes every element of col (rows·oH·oW floats from 0): the caller need not clear it. */
  static void im2col(float[] x, int xOff, int channels, int h, int w, int kH, int kW, Conv2dParams p,
      int oH, int oW, float[] col) {
    im2col(x, xOff, channels, h, w, kH, kW, p, oH, oW, col, 0, oH * oW);
  }

  /**
   * As above, into the oH·oW columns from colOff of a matrix whose rows are ld apart: the images of
   * a batch side by side, so one gemm multiplies them all.
   */
  static void im2col(float[] x, int xOff, int channels, int h, int w, int kH, int kW, Conv2dParams p,
      int oH, int oW, float[] col, int colOff, int ld) {
    int row = 0;
    for (int c = 0; c < channels; c++) {
      int plane = xOff + c * h * w;
      for (int kh = 0; kh < kH; kh++) {
        int dh = kh * p.dilationH() - p.padH();
        for (int kw = 0; kw < kW; kw++, row++) {
          int dw = kw * p.dilationW() - p.padW();
          int lo = firstInside(dw, p.strideW(), oW), hi = firstBeyond(dw, p.strideW(), w, lo, oW);
          int dst = colOff + row * ld;
          for (int oh = 0; oh < oH; oh++, dst += oW) {
            int ih = oh * p.strideH() + dh;
            if (ih < 0 || ih >= h) {
              Arrays.fill(col, dst, dst + oW, 0f);
              continue;
            }
            int src = plane + ih * w + dw;
            // The padding at either end is a pixel or two: a loop, where Arrays.fill's call costs more.
            for (int ow = 0; ow < lo; ow++) col[dst + ow] = 0f;
            if (p.strideW() == 1) {
              System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
            } else {
              int sw = p.strideW();
              for (int ow = lo; ow < hi; ow++) col[dst + ow] = x[src + ow * sw];
            }
            for (int ow = hi; ow < oW; ow++) col[dst + ow] = 0f;
          }
        }
      }
    }
  }

  /** Adds col's entries onto the image gradient dx at the pixels im2col read them from. */
  static void col2im(float[] col, int channels, int h, int w, int kH, int kW, Conv2dParams p,
      int oH, int oW, float[] dx, int dxOff) {
    col2im(col, 0, oH * oW, channels, h, w, kH, kW, p, oH, oW, dx, dxOff);
  }

  /** As above, from the oH·oW columns at colOff of a matrix whose rows are ld apart. */
  static void col2im(float[] col, int colOff, int ld, int channels, int h, int w, int kH, int kW, Conv2dParams p,
      int oH, int oW, float[] dx, int dxOff) {
    int row = 0;
    for (int c = 0; c < channels; c++) {
      int plane = dxOff + c * h * w;
      for (int kh = 0; kh < kH; kh++) {
        int dh = kh * p.dilationH() - p.padH();
        for (int kw = 0; kw < kW; kw++, row++) {
          int dw = kw * p.dilationW() - p.padW();
          int lo = firstInside(dw, p.strideW(), oW), hi = firstBeyond(dw, p.strideW(), w, lo, oW);
          int sw = p.strideW();
          int src = colOff + row * ld;
          for (int oh = 0; oh < oH; oh++, src += oW) {
            int ih = oh * p.strideH() + dh;
            if (ih < 0 || ih >= h) continue;
            int dst = plane + ih * w + dw;
            if (sw == 1) {
              for (int ow = lo; ow < hi; ow++) dx[dst + ow] += col[src + ow];
            } else {
              for (int ow = lo; ow < hi; ow++) dx[dst + ow * sw] += col[src + ow];
            }
          }
        }
      }
    }
  }

  /** The first output column ow (clamped to [0, oW]) with ow·stride + shift ≥ 0. */
  private static int firstInside(int shift, int stride, int oW) {
    return Math.clamp(Math.ceilDiv(-shift, stride), 0, oW);
  }

  /** The first output column ow (clamped to [lo, oW]) with ow·stride + shift ≥ w. */
  private static int firstBeyond(int shift, int stride, int w, int lo, int oW) {
    return Math.clamp(Math.ceilDiv(w - shift, stride), lo, oW);
  }
}
