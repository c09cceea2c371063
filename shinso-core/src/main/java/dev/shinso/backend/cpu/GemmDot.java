package dev.shinso.backend.cpu;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C (+)= A·Bᵀ with A [m, k] and B [n, k] both stored row by row: every element of C is a dot
 * product of two contiguous rows, so nothing is packed. {@link Gemm} sends such a product here when
 * C would fill less than half of the packed path's 6×64 tiles and the depth is large, as in the first
 * conv layer's weight gradient (dWᵀ [9, 32], 784 pixels deep: 4× faster here).
 *
 * <p>A 4×4 block of C keeps 16 vector accumulators over the whole depth, reading 4 rows of A and 4
 * of B a vector at a time (8 loads per 16 fused multiply-adds); each accumulator's lanes are then
 * summed into C. The depth is not blocked: the products sent here are narrow, so A's four rows stay
 * in cache across a row of blocks and B's few rows across all of them. Threads take contiguous
 * ranges of row blocks; every element of C is summed in the same order whatever the split.
 */
final class GemmDot {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int VLEN = SPECIES.length();
  /** Per-thread room for a block's 16 accumulators, whose lanes are then summed in a fixed order. */
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[16 * VLEN]);

  private GemmDot() {}

  /**
   * Whether dot products win: C [m, n] fills less than half of the packed path's tiles, and the depth
   * is at least VLEN² (256 with 16 lanes), past which an element's VLEN lane sums cost less than its
   * k / VLEN vector products.
   */
  static boolean suits(int m, int n, int k) {
    return k >= VLEN * VLEN && Gemm.tileFill(m, Gemm.MR) * Gemm.tileFill(n, Gemm.NR_SIMD) < 0.5;
  }

  static void sgemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int blocks = (m + 3) / 4;
    int minChunk = (int) Math.clamp(Gemm.MIN_CHUNK_MACS / (4L * n * k), 1, Integer.MAX_VALUE);
    IntraOpPool.parallelFor(blocks, minChunk,
        (s, e) -> rowBlocks(s, e, m, n, k, a, aOff, lda, b, j -> bOff + j * ldb, c, cOff, ldc, accumulate));
  }

  /**
   * Row blocks s … e − 1 (4 rows of C each) of C (+)= A·Bᵀ on this thread, where row j of B starts
   * at bRow(j): rows anywhere in b, as a direct convolution's unfolded rows are ({@link PaddedImages}).
   */
  static void rowBlocks(int s, int e, int m, int n, int k, float[] a, int aOff, int lda, float[] b, IntUnaryOperator bRow,
      float[] c, int cOff, int ldc, boolean accumulate) {
    float[] lanes = LANES.get();
    int[] bj = new int[4];
    for (int i = 4 * s; i < Math.min(m, 4 * e); i += 4) {
      int rows = Math.min(4, m - i);
      for (int j = 0; j < n; j += 4) {
        int cols = Math.min(4, n - j);
        int ai = aOff + i * lda, ci = cOff + i * ldc + j;
        for (int q = 0; q < cols; q++) bj[q] = bRow.applyAsInt(j + q);
        if (rows == 4 && cols == 4) {
          block4x4(a, ai, lda, b, bj, k, lanes);
        } else {
          for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) dot(a, ai + r * lda, b, bj[q], k, lanes, 4 * r + q);
          }
        }
        for (int r = 0; r < rows; r++) {
          for (int q = 0; q < cols; q++) {
            float d = sum(lanes, 4 * r + q, a, ai + r * lda, b, bj[q], k);
            int at = ci + r * ldc + q;
            c[at] = accumulate ? c[at] + d : d;
          }
        }
      }
    }
  }

  /**
   * The 16 dot products of rows a0…a0+3·lda with the rows of b at bj[0…3] over their whole vector part:
   * product (r, q)'s lanes go to lanes[(4r + q)·VLEN …]. The rows are read once, a vector at a time.
   */
  private static void block4x4(float[] a, int a0, int lda, float[] b, int[] bj, int k, float[] lanes) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
    FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
    int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b0 = bj[0], b1 = bj[1], b2 = bj[2], b3 = bj[3];
    for (int p = 0, vend = k / VLEN * VLEN; p < vend; p += VLEN) {
      FloatVector y0 = FloatVector.fromArray(SPECIES, b, b0 + p), y1 = FloatVector.fromArray(SPECIES, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p), y3 = FloatVector.fromArray(SPECIES, b, b3 + p);
      FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + p);
      s00 = x.fma(y0, s00); s01 = x.fma(y1, s01); s02 = x.fma(y2, s02); s03 = x.fma(y3, s03);
      x = FloatVector.fromArray(SPECIES, a, a1 + p);
      s10 = x.fma(y0, s10); s11 = x.fma(y1, s11); s12 = x.fma(y2, s12); s13 = x.fma(y3, s13);
      x = FloatVector.fromArray(SPECIES, a, a2 + p);
      s20 = x.fma(y0, s20); s21 = x.fma(y1, s21); s22 = x.fma(y2, s22); s23 = x.fma(y3, s23);
      x = FloatVector.fromArray(SPECIES, a, a3 + p);
      s30 = x.fma(y0, s30); s31 = x.fma(y1, s31); s32 = x.fma(y2, s32); s33 = x.fma(y3, s33);
    }
    s00.intoArray(lanes, 0); s01.intoArray(lanes, VLEN); s02.intoArray(lanes, 2 * VLEN); s03.intoArray(lanes, 3 * VLEN);
    s10.intoArray(lanes, 4 * VLEN); s11.intoArray(lanes, 5 * VLEN); s12.intoArray(lanes, 6 * VLEN); s13.intoArray(lanes, 7 * VLEN);
    s20.intoArray(lanes, 8 * VLEN); s21.intoArray(lanes, 9 * VLEN); s22.intoArray(lanes, 10 * VLEN); s23.intoArray(lanes, 11 * VLEN);
    s30.intoArray(lanes, 12 * VLEN); s31.intoArray(lanes, 13 * VLEN); s32.intoArray(lanes, 14 * VLEN); s33.intoArray(lanes, 15 * VLEN);
  }

  /** One dot product's vector part, as block4x4 sums it, into lanes[slot·VLEN …]. */
  private static void dot(float[] a, int ai, float[] b, int bi, int k, float[] lanes, int slot) {
    FloatVector s = FloatVector.zero(SPECIES);
    for (int p = 0, vend = k / VLEN * VLEN; p < vend; p += VLEN) {
      s = FloatVector.fromArray(SPECIES, a, ai + p).fma(FloatVector.fromArray(SPECIES, b, bi + p), s);
    }
    s.intoArray(lanes, slot * VLEN);
  }

  /**
   * A dot product from its lanes, added one by one, and the steps past the last whole vector. In a
   * fixed order, where reduceLanes(ADD) may add in another once C2 has compiled it: results would
   * depend on the JIT's state (see Reductions.sumLanes).
   */
  private static float sum(float[] lanes, int slot, float[] a, int ai, float[] b, int bi, int k) {
    float d = 0f;
    for (int l = slot * VLEN; l < (slot + 1) * VLEN; l++) d += lanes[l];
    for (int p = k / VLEN * VLEN; p < k; p++) d += a[ai + p] * b[bi + p];
    return d;
  }
}
