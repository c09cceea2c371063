package dev.shinso.backend.cpu;

import dev.shinso.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution with the output channels as the vector dimension: a 6×64 tile is 6 output pixels by
 * 64 channels, and step k of its sum broadcasts the 6 pixels' input values of unfolded row k (c, kh,
 * kw), read from each image's zero-padded frame at any stride, and multiplies them by row k of the
 * transposed weights Wᵀ [C·kH·kW, O]. The pixels are any 6 output pixels, so no column is computed
 * only to be thrown away, where {@link DirectConvolution}'s padded-width layout spends a quarter of
 * its columns on a 7×7 image; and a stride-2 layer needs no unfolding. It takes a multiple of 64
 * output channels. Every output is summed over k in order, one fused multiply-add a step, as the
 * packed kernels sum it.
 */
final class PixelConvolution {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int VLEN = SPECIES.length();
  /** Output channels per tile (4 vectors) and pixels per tile: 24 accumulators. */
  private static final int CHANNELS = 4 * VLEN, PIXELS = 6;
  /** Floats of a chunk's padded images: 256 KB, so that the broadcasts read from the L2 cache. */
  private static final int CHUNK_FLOATS = 1 << 16;
  private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

  private PixelConvolution() {}

  /**
   * Whether a convolution's forward pass takes this path: a multiple of 64 output channels
   * ({@link #takes}), one group, dilation 1, a kernel larger than 1×1. Measured against the paths it
   * replaces (batch 128, 2 threads, medians of 5 alternating rounds, load 2–4): the ResNet's 64→64
   * on 7×7 6.3–7.5 → 5.1 ms forward and 6.4–6.5 → 5.1–5.2 input gradient, its 32→64 stride 2 on
   * 14×14 5.5–6.8 → 2.9–3.1 (im2col before); the CNN's 32→64 on 14×14 (batch 64) 6.1–6.2 → 5.3–5.5.
   */
  static boolean applies(int o, int kH, int kW, Conv2dParams p) {
    return takes(o) && p.groups() == 1 && p.dilationH() == 1 && p.dilationW() == 1 && kH * kW > 1;
  }

  /** Whether the tiles fit o output channels: 16-lane vectors, and o a multiple of 64. */
  static boolean takes(int o) {
    return Gemm.SIMD && VLEN == 16 && o % CHANNELS == 0;
  }

  /**
   * out [n, o, oH, oW] = x [n, c, h, w] ⋆ weight [o, c, kH, kW] (+ bias [o], may be null), strides
   * (sH, sW), padding (pH, pW), with relu max(·, 0) of that as it is written. Chunks of images are
   * spread over the intra-op pool.
   */
  static void forward(float[] x, int xOff, int n, int c, int h, int w, float[] weight, int wOff, int o, int kH,
      int kW, int sH, int sW, int pH, int pW, float[] bias, int bOff, float[] out, boolean relu) {
    int oH = (h + 2 * pH - kH) / sH + 1, oW = (w + 2 * pW - kW) / sW + 1, pixels = oH * oW;
    int wp = w + 2 * pW, frame = (h + 2 * pH) * wp, k = c * kH * kW;
    float[] wt = new float[k * o];
    for (int oc = 0; oc < o; oc++) {
      for (int kk = 0; kk < k; kk++) wt[kk * o + oc] = weight[wOff + oc * k + kk];
    }
    int threads = IntraOpPool.numThreads();
    int nb = Math.clamp(CHUNK_FLOATS / ((long) c * frame), 1, Math.max(1, Math.ceilDiv(n, threads)));
    int plane = nb * frame, chunks = Math.ceilDiv(n, nb);
    int[] rowStart = new int[k];
    for (int ci = 0, kk = 0; ci < c; ci++) {
      for (int kh = 0; kh < kH; kh++) {
        for (int kw = 0; kw < kW; kw++) rowStart[kk++] = ci * plane + kh * wp + kw;
      }
    }
    IntraOpPool.parallelFor(chunks, 1, (s, e) -> {
      float[] xp = Convolution.scratch(PADDED, c * plane);
      Arrays.fill(xp, 0, c * plane, 0f);  // the padding; every chunk overwrites the same interiors
      float[] tile = new float[PIXELS * CHANNELS];
      int[] pos = new int[PIXELS], at = new int[PIXELS];
      for (int chunk = s; chunk < e; chunk++) {
        int first = chunk * nb, count = Math.min(nb, n - first), total = count * pixels;
        for (int j = 0; j < count; j++) {
          for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
              System.arraycopy(x, xOff + (((first + j) * c + ci) * h + y) * w, xp, ci * plane + j * frame + (y + pH) * wp + pW, w);
            }
          }
        }
        for (int p0 = 0; p0 < total; p0 += PIXELS) {
          int rows = Math.min(PIXELS, total - p0);
          for (int i = 0; i < PIXELS; i++) {
            // A last, short tile repeats its last pixel; the copies are not written out.
            int q = p0 + Math.min(i, rows - 1), j = q / pixels, r = q % pixels;
            pos[i] = j * frame + r / oW * sH * wp + r % oW * sW;
            at[i] = (first + j) * o * pixels + r;
          }
          for (int ob = 0; ob < o; ob += CHANNELS) {
            kernel(k, wt, ob, o, xp, rowStart, pos, tile);
            for (int i = 0; i < rows; i++) {
              int dst = at[i] + ob * pixels;
              for (int oc = 0; oc < CHANNELS; oc++) {
                float v = tile[i * CHANNELS + oc] + (bias == null ? 0f : bias[bOff + ob + oc]);
                out[dst + oc * pixels] = relu ? Math.max(v, 0f) : v;
              }
            }
          }
        }
      }
    });
  }

  /** tile [6, 64] = Σ_k xp[rowStart[k] + pos[i]] · wt[k·ldw + ob …]: 24 accumulators over the whole depth. */
  private static void kernel(int k, float[] wt, int ob, int ldw, float[] xp, int[] rowStart, int[] pos, float[] tile) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
    FloatVector c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
    FloatVector c40 = z, c41 = z, c42 = z, c43 = z, c50 = z, c51 = z, c52 = z, c53 = z;
    int q0 = pos[0], q1 = pos[1], q2 = pos[2], q3 = pos[3], q4 = pos[4], q5 = pos[5];
    for (int kk = 0; kk < k; kk++) {
      int wi = kk * ldw + ob, r = rowStart[kk];
      FloatVector b0 = FloatVector.fromArray(SPECIES, wt, wi), b1 = FloatVector.fromArray(SPECIES, wt, wi + VLEN);
      FloatVector b2 = FloatVector.fromArray(SPECIES, wt, wi + 2 * VLEN), b3 = FloatVector.fromArray(SPECIES, wt, wi + 3 * VLEN);
      FloatVector a = FloatVector.broadcast(SPECIES, xp[r + q0]);
      c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
      a = FloatVector.broadcast(SPECIES, xp[r + q1]);
      c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
      a = FloatVector.broadcast(SPECIES, xp[r + q2]);
      c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
      a = FloatVector.broadcast(SPECIES, xp[r + q3]);
      c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33);
      a = FloatVector.broadcast(SPECIES, xp[r + q4]);
      c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42); c43 = a.fma(b3, c43);
      a = FloatVector.broadcast(SPECIES, xp[r + q5]);
      c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); c52 = a.fma(b2, c52); c53 = a.fma(b3, c53);
    }
    c00.intoArray(tile, 0); c01.intoArray(tile, VLEN); c02.intoArray(tile, 2 * VLEN); c03.intoArray(tile, 3 * VLEN);
    c10.intoArray(tile, 64); c11.intoArray(tile, 64 + VLEN); c12.intoArray(tile, 64 + 2 * VLEN); c13.intoArray(tile, 64 + 3 * VLEN);
    c20.intoArray(tile, 128); c21.intoArray(tile, 128 + VLEN); c22.intoArray(tile, 128 + 2 * VLEN); c23.intoArray(tile, 128 + 3 * VLEN);
    c30.intoArray(tile, 192); c31.intoArray(tile, 192 + VLEN); c32.intoArray(tile, 192 + 2 * VLEN); c33.intoArray(tile, 192 + 3 * VLEN);
    c40.intoArray(tile, 256); c41.intoArray(tile, 256 + VLEN); c42.intoArray(tile, 256 + 2 * VLEN); c43.intoArray(tile, 256 + 3 * VLEN);
    c50.intoArray(tile, 320); c51.intoArray(tile, 320 + VLEN); c52.intoArray(tile, 320 + 2 * VLEN); c53.intoArray(tile, 320 + 3 * VLEN);
  }
}
