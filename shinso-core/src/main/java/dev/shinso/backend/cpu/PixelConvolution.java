package dev.shinso.backend.cpu;

import dev.shinso.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution with the output channels as the vector dimension: a 6×64 tile is 6 output pixels by
 * 64 channels (12×32 where the channels are an odd multiple of 32), and step k of its sum broadcasts the 6 pixels' input values of unfolded row k (c, kh,
 * kw), read from each image's zero-padded frame at any stride, and multiplies them by row k of the
 * transposed weights Wᵀ [C·kH·kW, O]. The pixels are any 6 output pixels, so no column is computed
 * only to be thrown away, where {@link DirectConvolution}'s padded-width layout spends a quarter of
 * its columns on a 7×7 image; and a stride-2 layer needs no unfolding. It takes a multiple of 32
 * output channels. Every output is summed over k in order, one fused multiply-add a step, as the
 * packed kernels sum it.
 */
final class PixelConvolution {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int VLEN = SPECIES.length();
  /** Output channels and pixels of a tile: 6 × 64 or, for a multiple of 32 channels only, 12 × 32 (24 accumulators each). */
  private static final int CHANNELS = 4 * VLEN, PIXELS = 6, NARROW_CHANNELS = 2 * VLEN, NARROW_PIXELS = 12;
  /** Least depth (c·kH·kW): at 9 (the CNN's one-channel first layer) writing the tiles out cost more than the unfolded paths' waste. */
  private static final int LEAST_DEPTH = 16;
  /** Floats of a chunk's padded images: 256 KB, so that the broadcasts read from the L2 cache. */
  private static final int CHUNK_FLOATS = 1 << 16;
  private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

  private PixelConvolution() {}

  /**
   * Whether a convolution's forward pass takes this path: a multiple of 32 output channels and depth
   * c·kH·kW of at least {@link #LEAST_DEPTH} ({@link #takes}), one group, dilation 1, a kernel larger
   * than 1×1. Measured against the paths it replaces (batch 128, 2 threads, medians of 5 alternating
   * rounds, load 2–4): the ResNet's 64→64 on 7×7 6.3–7.5 → 5.1 ms forward and 6.4–6.5 → 5.1–5.2
   * input gradient, 32→32 on 14×14 6.7–8.1 → 6.1–6.2 forward; its stride-2 layers (im2col before)
   * 16→32 on 28×28 7.8–8.6 → 3.9–4.0 and 32→64 on 14×14 5.5–6.8 → 2.9–3.1; the CNN's 32→64 on 14×14
   * (batch 64) 6.1–6.2 → 5.3–5.5; a U-Net-like 32→32 stride 2 on 28×28 (batch 64) 8.0–11.9 → 3.4–3.5.
   */
  static boolean applies(int c, int o, int kH, int kW, Conv2dParams p) {
    return takes(c * kH * kW, o) && p.groups() == 1 && p.dilationH() == 1 && p.dilationW() == 1 && kH * kW > 1;
  }

  /** Whether the tiles fit o output channels at this depth: 16-lane vectors, o a multiple of 32, depth ≥ {@link #LEAST_DEPTH}. */
  static boolean takes(int depth, int o) {
    return Gemm.SIMD && VLEN == 16 && o % NARROW_CHANNELS == 0 && depth >= LEAST_DEPTH;
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
    int tc = o % CHANNELS == 0 ? CHANNELS : NARROW_CHANNELS, tp = tc == CHANNELS ? PIXELS : NARROW_PIXELS;
    int[] rowStart = new int[k];
    for (int ci = 0, kk = 0; ci < c; ci++) {
      for (int kh = 0; kh < kH; kh++) {
        for (int kw = 0; kw < kW; kw++) rowStart[kk++] = ci * plane + kh * wp + kw;
      }
    }
    IntraOpPool.parallelFor(chunks, 1, (s, e) -> {
      float[] xp = Convolution.scratch(PADDED, c * plane);
      Arrays.fill(xp, 0, c * plane, 0f);  // the padding; every chunk overwrites the same interiors
      float[] tile = new float[tp * tc];
      int[] pos = new int[tp], at = new int[tp];
      for (int chunk = s; chunk < e; chunk++) {
        int first = chunk * nb, count = Math.min(nb, n - first), total = count * pixels;
        for (int j = 0; j < count; j++) {
          for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
              System.arraycopy(x, xOff + (((first + j) * c + ci) * h + y) * w, xp, ci * plane + j * frame + (y + pH) * wp + pW, w);
            }
          }
        }
        for (int p0 = 0; p0 < total; p0 += tp) {
          int rows = Math.min(tp, total - p0);
          for (int i = 0; i < tp; i++) {
            // A last, short tile repeats its last pixel; the copies are not written out.
            int q = p0 + Math.min(i, rows - 1), j = q / pixels, r = q % pixels;
            pos[i] = j * frame + r / oW * sH * wp + r % oW * sW;
            at[i] = (first + j) * o * pixels + r;
          }
          for (int ob = 0; ob < o; ob += tc) {
            if (tc == CHANNELS) kernel(k, wt, ob, o, xp, rowStart, pos, tile);
            else narrowKernel(k, wt, ob, o, xp, rowStart, pos, tile);
            for (int i = 0; i < rows; i++) {
              int dst = at[i] + ob * pixels;
              for (int oc = 0; oc < tc; oc++) {
                float v = tile[i * tc + oc] + (bias == null ? 0f : bias[bOff + ob + oc]);
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

  /** tile [12, 32] = Σ_k xp[rowStart[k] + pos[i]] · wt[k·ldw + ob …]: as {@link #kernel}, 12 pixels by 2 vectors. */
  private static void narrowKernel(int k, float[] wt, int ob, int ldw, float[] xp, int[] rowStart, int[] pos, float[] tile) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z, c5a = z, c5b = z;
    FloatVector c6a = z, c6b = z, c7a = z, c7b = z, c8a = z, c8b = z, c9a = z, c9b = z, c10a = z, c10b = z, c11a = z, c11b = z;
    int q0 = pos[0], q1 = pos[1], q2 = pos[2], q3 = pos[3], q4 = pos[4], q5 = pos[5];
    int q6 = pos[6], q7 = pos[7], q8 = pos[8], q9 = pos[9], q10 = pos[10], q11 = pos[11];
    for (int kk = 0; kk < k; kk++) {
      int wi = kk * ldw + ob, r = rowStart[kk];
      FloatVector b0 = FloatVector.fromArray(SPECIES, wt, wi), b1 = FloatVector.fromArray(SPECIES, wt, wi + VLEN);
      FloatVector a;
      a = FloatVector.broadcast(SPECIES, xp[r + q0]); c0a = a.fma(b0, c0a); c0b = a.fma(b1, c0b);
      a = FloatVector.broadcast(SPECIES, xp[r + q1]); c1a = a.fma(b0, c1a); c1b = a.fma(b1, c1b);
      a = FloatVector.broadcast(SPECIES, xp[r + q2]); c2a = a.fma(b0, c2a); c2b = a.fma(b1, c2b);
      a = FloatVector.broadcast(SPECIES, xp[r + q3]); c3a = a.fma(b0, c3a); c3b = a.fma(b1, c3b);
      a = FloatVector.broadcast(SPECIES, xp[r + q4]); c4a = a.fma(b0, c4a); c4b = a.fma(b1, c4b);
      a = FloatVector.broadcast(SPECIES, xp[r + q5]); c5a = a.fma(b0, c5a); c5b = a.fma(b1, c5b);
      a = FloatVector.broadcast(SPECIES, xp[r + q6]); c6a = a.fma(b0, c6a); c6b = a.fma(b1, c6b);
      a = FloatVector.broadcast(SPECIES, xp[r + q7]); c7a = a.fma(b0, c7a); c7b = a.fma(b1, c7b);
      a = FloatVector.broadcast(SPECIES, xp[r + q8]); c8a = a.fma(b0, c8a); c8b = a.fma(b1, c8b);
      a = FloatVector.broadcast(SPECIES, xp[r + q9]); c9a = a.fma(b0, c9a); c9b = a.fma(b1, c9b);
      a = FloatVector.broadcast(SPECIES, xp[r + q10]); c10a = a.fma(b0, c10a); c10b = a.fma(b1, c10b);
      a = FloatVector.broadcast(SPECIES, xp[r + q11]); c11a = a.fma(b0, c11a); c11b = a.fma(b1, c11b);
    }
    c0a.intoArray(tile, 0); c0b.intoArray(tile, 0 + VLEN); c1a.intoArray(tile, 32); c1b.intoArray(tile, 32 + VLEN);
    c2a.intoArray(tile, 64); c2b.intoArray(tile, 64 + VLEN); c3a.intoArray(tile, 96); c3b.intoArray(tile, 96 + VLEN);
    c4a.intoArray(tile, 128); c4b.intoArray(tile, 128 + VLEN); c5a.intoArray(tile, 160); c5b.intoArray(tile, 160 + VLEN);
    c6a.intoArray(tile, 192); c6b.intoArray(tile, 192 + VLEN); c7a.intoArray(tile, 224); c7b.intoArray(tile, 224 + VLEN);
    c8a.intoArray(tile, 256); c8b.intoArray(tile, 256 + VLEN); c9a.intoArray(tile, 288); c9b.intoArray(tile, 288 + VLEN);
    c10a.intoArray(tile, 320); c10b.intoArray(tile, 320 + VLEN); c11a.intoArray(tile, 352); c11b.intoArray(tile, 352 + VLEN);
  }
}
