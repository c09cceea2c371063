package dev.shinso.backend.cpu;

import dev.shinso.backend.Conv2dParams;
import java.util.Arrays;

/**
 * Stride-1 convolution without im2col. A chunk of images is copied once into a zero-padded buffer,
 * rows of width Wp (see {@link #forward} for how images and padding are laid out). Then row (c, kh,
 * kw) of the unfolded images is a contiguous stretch of that buffer, starting at c·plane + kh·Wp + kw,
 * if the output is computed on the padded width: output pixel (y, x) is column y·Wp + x, and the
 * columns with x ≥ oW are thrown away. So the gemm's kernel reads the images themselves
 * ({@link Gemm#kernel6x4Rows}), where the im2col path wrote kH·kW copies of them and packed them
 * again: for the training models' 16 to 64 channels that copying cost as much as the multiply-adds.
 * The weights are packed once per call. Columns are computed in whole 64-wide panels and rows in
 * whole 6-row panels (the buffers have room for both), so there are no edge tiles. Measured against
 * im2col + gemm (batch 64, 3×3, one thread, alternating in one JVM), one image at a time: 0.40 to
 * 0.92 of its time on the CNN's, ResNet's and U-Net's layers, least gained where the padded width
 * wasted most (7×7 images) or the depth is 9 (one input channel).
 *
 * <p>The input gradient of such a convolution is a convolution too: of the output gradient with the
 * flipped, transposed weights and padding k − 1 − pad.
 */
final class DirectConvolution {
  private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PRODUCT = ThreadLocal.withInitial(() -> new float[0]);
  private static final int NR = Gemm.NR_SIMD;
  private static final int MR = Gemm.MR;
  /** Product columns per chunk: with 64 output channels the product stays a third of the 1 MB L2 cache. */
  private static final int CHUNK_COLUMNS = 1024;

  private DirectConvolution() {}

  /**
   * Whether a convolution takes this path, forward and for its input gradient: the 64-wide vector
   * kernel, one group, stride and dilation 1, not a plain 1×1, and padding at most k − 1 (more would
   * make an output row read the next stacked image; the input gradient's k − 1 − pad is then not negative).
   */
  static boolean applies(int kH, int kW, Conv2dParams p) {
    return Gemm.SIMD && NR == 64 && p.groups() == 1 && p.strideH() == 1 && p.strideW() == 1 && p.dilationH() == 1
        && p.dilationW() == 1 && !p.isPointwise(kH, kW) && p.padH() <= kH - 1 && p.padW() <= kW - 1;
  }

  /**
   * out [n, o, oH, oW] = x [n, c, h, w] ⋆ weight [o, c, kH, kW] (+ bias [o], may be null), stride 1,
   * padding (pH, pW), and with relu max(·, 0) of that, as it is copied out (ReLU's rule: NaN stays
   * NaN). Chunks of images are spread over the intra-op pool.
   *
   * <p>The padding is shared: the pW zeros that start each row are also the previous row's right
   * padding, and the pH zero rows that start each image the previous image's bottom padding, so a
   * chunk's images stack into one tall image of row width W + pW. Of its output rows, the pH after
   * each image straddle two images and are thrown away; so are the pW columns past each row's oW
   * (which is at most W + pW when pad ≤ k − 1). For the CNN's 14×14 images that wastes 13% of the
   * columns where one image padded on both sides to its own 16×16 and rounded up to whole panels
   * wasted 23%.
   */
  static void forward(float[] x, int xOff, int n, int c, int h, int w, float[] weight, int wOff, int o, int kH,
      int kW, int pH, int pW, float[] bias, int bOff, float[] out, boolean relu) {
    int wp = w + pW, hs = h + pH, oH = h + 2 * pH - kH + 1, oW = w + 2 * pW - kW + 1;
    int nb = imagesPerChunk(n, hs * wp), chunks = (n + nb - 1) / nb;
    int plane = (pH + nb * hs) * wp;
    int k = c * kH * kW, cols = roundUp(nb * hs * wp, NR), rows = roundUp(o, MR);
    int[] rowStart = new int[k];
    for (int ci = 0, kk = 0; ci < c; ci++) {
      for (int kh = 0; kh < kH; kh++) {
        for (int kw = 0; kw < kW; kw++) rowStart[kk++] = ci * plane + kh * wp + kw;
      }
    }
    int padded = Math.max(c * plane, rowStart[k - 1] + cols);
    int blocks = (k + Gemm.KC - 1) / Gemm.KC;
    float[][] packed = new float[blocks][];
    for (int b = 0; b < blocks; b++) {
      int kc = Math.min(Gemm.KC, k - b * Gemm.KC);
      packed[b] = new float[rows * kc];
      Gemm.packA(false, weight, wOff, k, 0, o, b * Gemm.KC, kc, packed[b]);
    }
    IntraOpPool.parallelFor(chunks, 1, (s, e) -> {
      float[] xp = Convolution.scratch(PADDED, padded), prod = Convolution.scratch(PRODUCT, rows * cols);
      Arrays.fill(xp, 0, padded, 0f);  // the padding; every chunk overwrites the same interiors
      for (int chunk = s; chunk < e; chunk++) {
        int first = chunk * nb, count = Math.min(nb, n - first);
        for (int j = 0; j < count; j++) {
          for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
              int dst = ci * plane + (pH + j * hs + y) * wp + pW;
              System.arraycopy(x, xOff + (((first + j) * c + ci) * h + y) * w, xp, dst, w);
            }
          }
        }
        for (int b = 0; b < blocks; b++) {
          int kc = Math.min(Gemm.KC, k - b * Gemm.KC);
          for (int jr = 0; jr < cols; jr += NR) {
            for (int ir = 0; ir < rows; ir += MR) {
              Gemm.kernel6x4Rows(kc, packed[b], ir * kc, xp, rowStart, b * Gemm.KC, jr, prod, ir * cols + jr, cols, b > 0);
            }
          }
        }
        for (int j = 0; j < count; j++) {
          for (int oc = 0; oc < o; oc++) {
            float bo = bias == null ? 0f : bias[bOff + oc];
            for (int y = 0; y < oH; y++) {
              int src = oc * cols + (j * hs + y) * wp, dst = (((first + j) * o + oc) * oH + y) * oW;
              if (relu) {
                for (int q = 0; q < oW; q++) out[dst + q] = Math.max(prod[src + q] + bo, 0f);
              } else {
                for (int q = 0; q < oW; q++) out[dst + q] = prod[src + q] + bo;
              }
            }
          }
        }
      }
    });
  }

  /**
   * Images per chunk: chunks of about {@link #CHUNK_COLUMNS} product columns, their number a multiple
   * of the thread count so the threads get equal shares; one chunk when there are fewer images than threads.
   */
  private static int imagesPerChunk(int n, int columnsPerImage) {
    int threads = IntraOpPool.numThreads();
    if (n < threads) return Math.max(n, 1);
    int perThread = Math.max(1, (int) Math.ceil((double) n * columnsPerImage / (threads * (double) CHUNK_COLUMNS)));
    return Math.max(1, (n + threads * perThread - 1) / (threads * perThread));
  }

  /**
   * dx [n, c, h, w] for out = x ⋆ weight [o, c, kH, kW] (stride 1, padding (pH, pW)) from gradOut
   * [n, o, oH, oW]: gradOut ⋆ flipped weight [c, o, kH, kW], padding (kH − 1 − pH, kW − 1 − pW).
   */
  static void inputGradient(float[] gy, int gOff, int n, int o, int oH, int oW, float[] weight, int wOff, int c,
      int kH, int kW, int pH, int pW, float[] dx) {
    float[] flipped = new float[c * o * kH * kW];
    for (int oc = 0; oc < o; oc++) {
      for (int ci = 0; ci < c; ci++) {
        for (int kh = 0; kh < kH; kh++) {
          for (int kw = 0; kw < kW; kw++) {
            flipped[((ci * o + oc) * kH + kh) * kW + kw] = weight[wOff + ((oc * c + ci) * kH + kH - 1 - kh) * kW + kW - 1 - kw];
          }
        }
      }
    }
    forward(gy, gOff, n, o, oH, oW, flipped, 0, c, kH, kW, kH - 1 - pH, kW - 1 - pW, null, 0, dx, false);
  }

  private static int roundUp(int v, int m) {
    return (v + m - 1) / m * m;
  }
}
