package dev.shinso.backend.cpu;

import dev.shinso.backend.Conv2dParams;
import java.util.Arrays;

/**
 * Stride-1 convolution without im2col. A chunk of images is copied once into a zero-padded buffer
 * ({@link PaddedImages}) in which row (c, kh, kw) of the unfolded images is a contiguous stretch, if
 * the output is computed on the padded width: the columns past each row's oW are thrown away. So the
 * gemm's kernel reads the images themselves ({@link Gemm#kernel6x4Rows}), where the im2col path wrote
 * kH·kW copies of them and packed them again: for the training models' 16 to 64 channels that
 * copying cost as much as the multiply-adds. The weights are packed once per call. Columns are
 * computed in whole 64-wide panels and rows in whole 6-row panels (the buffers have room for both),
 * so there are no edge tiles. Measured against im2col + gemm (batch 64, 3×3, one thread, alternating
 * in one JVM), one image at a time: 0.40 to 0.92 of its time on the CNN's, ResNet's and U-Net's
 * layers, least gained where the padded width wasted most (7×7 images) or the depth is 9 (one input
 * channel). The weight gradient reads the same buffer ({@link #weightGradient}).
 *
 * <p>The input gradient of such a convolution is a convolution too: of the output gradient with the
 * flipped, transposed weights and padding k − 1 − pad (by {@link PixelConvolution} when it has a
 * multiple of 32 input channels).
 *
 * <p>Stride 2 was tried the same way (each image split into its four phase planes, which a 3×3 tap
 * reads at stride 1) and dropped: the ResNet's 3×3 stride-2 layers ran as fast as im2col + gemm
 * on 28×28 inputs and 10–13% slower on 14×14 (one thread, 6 alternating rounds), where the planes'
 * padded 8×8 wastes a quarter of the columns of a 7×7 output.
 */
final class DirectConvolution {
  private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PRODUCT = ThreadLocal.withInitial(() -> new float[0]);
  private static final int NR = Gemm.NR_SIMD;
  private static final int MR = Gemm.MR;
  /** Product columns per chunk: with 64 output channels the product stays a third of the 1 MB L2 cache. */
  private static final int CHUNK_COLUMNS = 1024;
  /** Floats of a weight-gradient chunk's padded images and laid-out gradient: 512 KB, half the L2 cache. */
  private static final int GRADIENT_CHUNK_FLOATS = 1 << 17;
  /** Least rows of the unfolded matrix (c·kH·kW) for which the weight gradient takes this path. */
  private static final int LEAST_GRADIENT_ROWS = 16;

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
   * Whether the weight gradient does too: where the unfolded matrix has at least {@link
   * #LEAST_GRADIENT_ROWS} rows. With one input channel (9 rows) unfolding costs little and the other
   * path was faster (the CNN's first layer, batch 64: 0.59 against 0.70 ms).
   */
  static boolean appliesToWeightGradient(int c, int kH, int kW, Conv2dParams p) {
    return applies(kH, kW, p) && c * kH * kW >= LEAST_GRADIENT_ROWS;
  }

  /**
   * out [n, o, oH, oW] = x [n, c, h, w] ⋆ weight [o, c, kH, kW] (+ bias [o], may be null), stride 1,
   * padding (pH, pW), and with relu max(·, 0) of that, as it is copied out (ReLU's rule: NaN stays
   * NaN). Chunks of images, laid out as {@link PaddedImages}, are spread over the intra-op pool.
   */
  static void forward(float[] x, int xOff, int n, int c, int h, int w, float[] weight, int wOff, int o, int kH,
      int kW, int pH, int pW, float[] bias, int bOff, float[] out, boolean relu) {
    int oH = h + 2 * pH - kH + 1, oW = w + 2 * pW - kW + 1;
    int nb = imagesPerChunk(n, PaddedImages.columnsPerImage(h, w, pH, pW)), chunks = (n + nb - 1) / nb;
    PaddedImages layout = new PaddedImages(nb, c, h, w, kH, kW, pH, pW);
    int k = c * kH * kW, cols = layout.cols, rows = roundUp(o, MR);
    int blocks = (k + Gemm.KC - 1) / Gemm.KC;
    float[][] packed = new float[blocks][];
    for (int b = 0; b < blocks; b++) {
      int kc = Math.min(Gemm.KC, k - b * Gemm.KC);
      packed[b] = new float[rows * kc];
      Gemm.packA(false, weight, wOff, k, 0, o, b * Gemm.KC, kc, packed[b]);
    }
    IntraOpPool.parallelFor(chunks, 1, (s, e) -> {
      float[] xp = layout.clear(Convolution.scratch(PADDED, layout.length)), prod = Convolution.scratch(PRODUCT, rows * cols);
      for (int chunk = s; chunk < e; chunk++) {
        int first = chunk * nb, count = Math.min(nb, n - first);
        layout.fill(x, xOff, first, count, xp);
        for (int b = 0; b < blocks; b++) {
          int kc = Math.min(Gemm.KC, k - b * Gemm.KC);
          for (int jr = 0; jr < cols; jr += NR) {
            for (int ir = 0; ir < rows; ir += MR) {
              Gemm.kernel6x4Rows(kc, packed[b], ir * kc, xp, layout.rowStart, b * Gemm.KC, jr, prod, ir * cols + jr,
                  cols, b > 0);
            }
          }
        }
        for (int j = 0; j < count; j++) {
          for (int oc = 0; oc < o; oc++) {
            float bo = bias == null ? 0f : bias[bOff + oc];
            for (int y = 0; y < oH; y++) {
              int src = oc * cols + layout.outRow(j, y), dst = (((first + j) * o + oc) * oH + y) * oW;
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
   * dW [o, c, kH, kW] for out = x ⋆ weight (stride 1, padding (pH, pW)) from gradOut [n, o, oH,
   * oW], without unfolding: the output gradient of a chunk of images is laid out on the product's
   * columns, zero on the thrown-away ones, gy' [o, cols]; then dW [o, row] += Σ gy' [o, ·] · xp
   * [rowStart[row] + ·], dot products of rows ({@link GemmDot#rowBlocks}). Images are split into one
   * contiguous range per thread, each summed into its own buffer, and the buffers are added in range
   * order, so the result depends only on the thread count. Measured against the unfolding paths (batch
   * 128, 2 threads, min of 5 alternating rounds): the ResNet's 16→16 on 28×28 5.1 → 3.0 ms, 32→32 on
   * 14×14 4.8 → 3.2, 64→64 on 7×7 4.9 → 4.4. (A thrown-away column pairs a zero with a pixel of the
   * next row: an infinite pixel there gives NaN where unfolding would not, with NaN in the output anyway.)
   */
  static void weightGradient(float[] gy, int gOff, float[] x, int xOff, int n, int c, int h, int w, int o, int kH,
      int kW, int pH, int pW, float[] dw) {
    int oH = h + 2 * pH - kH + 1, oW = w + 2 * pW - kW + 1, k = c * kH * kW;
    int ranges = n >= IntraOpPool.numThreads() ? IntraOpPool.numThreads() : 1;
    long perImage = (long) (o + c) * PaddedImages.columnsPerImage(h, w, pH, pW);
    int nb = (int) Math.clamp(GRADIENT_CHUNK_FLOATS / perImage, 1, Math.ceilDiv(n, ranges));
    PaddedImages layout = new PaddedImages(nb, c, h, w, kH, kW, pH, pW);
    int cols = layout.cols;
    float[][] partial = new float[ranges][];
    IntraOpPool.parallelFor(ranges, 1, (s, e) -> {
      float[] xp = Convolution.scratch(PADDED, layout.length), g = Convolution.scratch(PRODUCT, o * cols);
      for (int r = s; r < e; r++) {
        float[] acc = partial[r] = new float[o * k];
        int first = (int) ((long) n * r / ranges), last = (int) ((long) n * (r + 1) / ranges);
        layout.clear(xp);
        Arrays.fill(g, 0, o * cols, 0f);  // the thrown-away columns stay zero
        for (int i0 = first; i0 < last; i0 += nb) {
          int count = Math.min(nb, last - i0);
          layout.fill(x, xOff, i0, count, xp);
          for (int oc = 0; oc < o; oc++) {
            for (int j = 0; j < count; j++) {
              for (int y = 0; y < oH; y++) {
                System.arraycopy(gy, gOff + (((i0 + j) * o + oc) * oH + y) * oW, g, oc * cols + layout.outRow(j, y), oW);
              }
            }
            // A last, shorter chunk: the slots of the images it lacks still hold the previous chunk's.
            if (count < nb) Arrays.fill(g, oc * cols + layout.outRow(count, 0), (oc + 1) * cols, 0f);
          }
          GemmDot.rowBlocks(0, (o + 3) / 4, o, k, cols, g, 0, cols, xp, row -> layout.rowStart[row], acc, 0, k, i0 > first);
        }
      }
    });
    for (int r = 1; r < ranges; r++) {
      float[] sum = partial[0], add = partial[r];
      for (int j = 0; j < sum.length; j++) sum[j] += add[j];
    }
    System.arraycopy(partial[0], 0, dw, 0, dw.length);
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
    if (PixelConvolution.takes(o * kH * kW, c)) {  // the flipped convolution: c output channels, o·kH·kW deep
      PixelConvolution.forward(gy, gOff, n, o, oH, oW, flipped, 0, c, kH, kW, 1, 1, kH - 1 - pH, kW - 1 - pW, null, 0, dx, false);
      return;
    }
    forward(gy, gOff, n, o, oH, oW, flipped, 0, c, kH, kW, kH - 1 - pH, kW - 1 - pW, null, 0, dx, false);
  }

  private static int roundUp(int v, int m) {
    return (v + m - 1) / m * m;
  }
}
