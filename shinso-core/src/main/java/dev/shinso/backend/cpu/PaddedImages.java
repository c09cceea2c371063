package dev.shinso.backend.cpu;

import java.util.Arrays;

/**
 * Where {@link DirectConvolution} puts a chunk of images (stride 1) so that row (c, kh, kw) of the
 * chunk's unfolded matrix is a contiguous stretch of one buffer, starting at {@link #rowStart}[row]:
 * output pixel (y, x) of image j is column {@link #outRow}(j, y) + x, and the columns past each
 * row's oW, and the rows past each image's oH, are thrown away.
 *
 * <p>The padding is shared: the pW zeros that start each row are also the previous row's right
 * padding, and the pH zero rows that start each image the previous image's bottom padding, so a
 * chunk's images stack into one tall image of row width W + pW per channel, followed by pH zero rows
 * for the last image's bottom padding. Of its output rows, the pH after each image straddle two
 * images; the pW columns past each row's oW (at most W + pW when pad ≤ k − 1) are thrown away too.
 * For the CNN's 14×14 images that wastes 13% of the columns where one image padded on both sides to
 * its own 16×16 and rounded up to whole panels wasted 23%.
 */
final class PaddedImages {
  final int nb;
  /** Columns of the product (whole 64-wide panels) and floats the buffer needs to serve them from every row start. */
  final int cols, length;
  final int[] rowStart;
  private final int c, h, w, pH, pW, wp, hs, plane;

  PaddedImages(int nb, int c, int h, int w, int kH, int kW, int pH, int pW) {
    this.nb = nb;
    this.c = c;
    this.h = h;
    this.w = w;
    this.pH = pH;
    this.pW = pW;
    wp = w + pW;
    hs = h + pH;
    plane = (pH + nb * hs) * wp;
    rowStart = new int[c * kH * kW];
    for (int ci = 0, row = 0; ci < c; ci++) {
      for (int kh = 0; kh < kH; kh++) {
        for (int kw = 0; kw < kW; kw++) rowStart[row++] = ci * plane + kh * wp + kw;
      }
    }
    cols = (nb * hs * wp + Gemm.NR_SIMD - 1) / Gemm.NR_SIMD * Gemm.NR_SIMD;
    length = Math.max(c * plane, rowStart[rowStart.length - 1] + cols);
  }

  /** Product columns one image takes. */
  static int columnsPerImage(int h, int w, int pH, int pW) {
    return (h + pH) * (w + pW);
  }

  /** The product column of output pixel (y, 0) of the chunk's image j. */
  int outRow(int j, int y) {
    return (j * hs + y) * wp;
  }

  /** A cleared buffer of this layout: its padding stays zero, since every chunk writes the same interiors. */
  float[] clear(float[] xp) {
    Arrays.fill(xp, 0, length, 0f);
    return xp;
  }

  /** Copies images first … first + count − 1 of x [n, c, h, w] into slots 0 … count − 1 of a cleared xp. */
  void fill(float[] x, int xOff, int first, int count, float[] xp) {
    for (int j = 0; j < count; j++) {
      for (int ci = 0; ci < c; ci++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(x, xOff + (((first + j) * c + ci) * h + y) * w, xp, ci * plane + (pH + j * hs + y) * wp + pW, w);
        }
      }
    }
  }
}
