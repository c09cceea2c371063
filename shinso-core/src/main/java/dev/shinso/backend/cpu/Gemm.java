package dev.shinso.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply on the CPU, GotoBLAS/BLIS style.
 *
 * <p>Loops, outermost first: column blocks of C ({@link #NC} wide), depth blocks ({@link #KC}),
 * row blocks ({@link #MC}); inside, a {@code KC×NR} panel of B is packed into a contiguous, zero-padded
 * buffer, and a register-tiled micro-kernel computes an {@code MR×NR} tile of C with
 * {@code MR·NR/VLEN} vector accumulators (6×4 vectors with AVX-512; 6×2 where C is at most two vectors
 * wide). The vector kernels read A where it lies (one scalar per row and step, transposed or not), and
 * only a last partial panel of rows is packed; the scalar kernel reads A packed like B.
 * Edge tiles are computed into a scratch tile and copied out, so the kernel never masks.
 *
 * <p>Threads: C is split along rows (or, when that balances better, columns) into one contiguous
 * range of micro-panels per thread through {@link IntraOpPool}; each thread packs what its range
 * needs. Every element of C is summed in the same order whatever the split, so the result does not
 * depend on the thread count.
 *
 * <p>A deep A·Bᵀ whose C would fill the tiles poorly goes to {@link GemmDot} (dot products of rows,
 * no packing).
 * {@code -Dshinso.simd=false} selects a scalar micro-kernel (same packing and blocking).
 * Products below {@link #TINY_MACS} multiply-adds take a plain loop: no packing, no threads.
 */
public final class Gemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int VLEN = SPECIES.length();
  /** Whether {@link #sgemm} uses the Vector API kernel: the switch all CPU kernels share. */
  static final boolean SIMD = Simd.ENABLED;

  /** Rows of the register tile. */
  static final int MR = 6;
  /** Vectors per row of the register tile: 4 where there are 32 vector registers (AVX-512). */
  private static final int NV = VLEN >= 16 ? 4 : 2;
  /** Columns of the register tile: vector kernel, scalar kernel. */
  static final int NR_SIMD = NV * VLEN;
  static final int NR_SCALAR = 16;
  static final int KC = 512;
  static final int MC = 16 * MR;
  static final int NC = 1024;
  /** Steps of a transposed B copied per pass: 16 floats, one cache line of each source row. */
  private static final int TRANSPOSE_BLOCK = 16;
  /** Below this many multiply-adds the plain loop wins (no packing, no threads). */
  static final long TINY_MACS = 32 * 32 * 32;
  /** Least work a thread is handed: a hand-off costs a few microseconds. */
  static final long MIN_CHUNK_MACS = 1L << 18;

  /** Where step p of a packed B panel starts: p·nr (the vector kernel's nr). */
  private static final int[] PACKED_ROWS = new int[KC];

  static {
    for (int p = 0; p < KC; p++) PACKED_ROWS[p] = p * NR_SIMD;
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private Gemm() {}

  /**
   * C = op(A)·op(B) (+ C when accumulate), row-major. op(A) is m×k: A is stored m×k (lda ≥ k) or,
   * when transA, k×m (lda ≥ m). op(B) is k×n: B stored k×n (ldb ≥ n) or, when transB, n×k (ldb ≥ k).
   */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, SIMD);
  }

  /** As {@link #sgemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean)}, choosing the kernel (tests). */
  static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate, boolean simd) {
    checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    if ((long) m * n * k < TINY_MACS) {
      plain(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    if (simd && !transA && transB && GemmDot.suits(m, n, k)) {
      GemmDot.sgemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    // A C at most two vectors wide takes the 6×2 kernel: the 6×4 one would compute as many columns again
    // and throw them away (attention's products with a head of 32). Either sums each element in the same order.
    int nr = !simd ? NR_SCALAR : NV == 4 && n <= 2 * VLEN ? 2 * VLEN : NR_SIMD;
    int mPanels = (m + MR - 1) / MR;
    int nPanels = (n + nr - 1) / nr;
    int t = IntraOpPool.numThreads();
    // Split the dimension whose busiest thread gets fewer (padded) tiles; ties go to rows.
    boolean splitRows = (long) ceilDiv(mPanels, t) * nPanels <= (long) ceilDiv(nPanels, t) * mPanels;
    long macsPerPanel = splitRows ? (long) MR * n * k : (long) nr * m * k;
    int minChunk = (int) Math.min(Integer.MAX_VALUE, Math.max(1, MIN_CHUNK_MACS / macsPerPanel));
    Problem pr = new Problem(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
        accumulate, simd, nr);
    IntraOpPool.parallelFor(splitRows ? mPanels : nPanels, minChunk, (s, e) -> {
      if (splitRows) {
        pr.block(s * MR, Math.min(m, e * MR), 0, n);
      } else {
        pr.block(0, m, s * nr, Math.min(n, e * nr));
      }
    });
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  /** The share of whole tiles of the given size that n rows or columns fill. */
  static double tileFill(int n, int tile) {
    return n / (double) (ceilDiv(n, tile) * tile);
  }

  /** The arguments of one sgemm call, shared by the threads that compute parts of C. */
  private record Problem(boolean transA, boolean transB, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate, boolean simd, int nr) {

    /** Computes C[i0:i1, j0:j1]; i0 is a multiple of MR and j0 of nr. */
    void block(int i0, int i1, int j0, int j1) {
      Buffers buf = BUFFERS.get();
      for (int jc = j0; jc < j1; jc += NC) {
        int nc = Math.min(NC, j1 - jc);
        for (int pc = 0; pc < k; pc += KC) {
          int kc = Math.min(KC, k - pc);
          boolean load = accumulate || pc > 0;
          float[] bp = buf.b(kc * ceilDiv(nc, nr) * nr);
          packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bp);
          for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            // The 6×4 kernel reads whole panels of A where they lie; only a last, partial panel is packed
            // (zero-padded). Packing A cost as much as a third of a product with few columns of C.
            int direct = simd ? mc / MR * MR : 0;
            float[] ap = buf.a(kc * ceilDiv(mc - direct, MR) * MR);
            if (direct < mc) packA(transA, a, aOff, lda, ic + direct, mc - direct, pc, kc, ap);
            macroKernel(ap, direct, ic, pc, bp, kc, mc, nc, cOff + ic * ldc + jc, load, buf);
          }
        }
      }
    }

    /**
     * C[ic:ic+mc, jc:jc+nc] (+)= op(A)·packed B over kc steps from pc. The first `direct` rows of op(A)
     * are read from a itself; the rest from ap, packed.
     */
    private void macroKernel(float[] ap, int direct, int ic, int pc, float[] bp, int kc, int mc, int nc, int cBase,
        boolean load, Buffers buf) {
      for (int jr = 0; jr < nc; jr += nr) {
        int cols = Math.min(nr, nc - jr);
        for (int ir = 0; ir < mc; ir += MR) {
          int rows = Math.min(MR, mc - ir);
          float[] aa = ap;
          int ao = (ir - direct) * kc, aStep = MR, aRow = 1;
          if (ir < direct) {  // op(A)[i, p] lies at a[aOff + i·lda + p], or at a[aOff + p·lda + i] when transposed
            aa = a;
            ao = transA ? aOff + pc * lda + ic + ir : aOff + (ic + ir) * lda + pc;
            aStep = transA ? lda : 1;
            aRow = transA ? 1 : lda;
          }
          int bo = jr * kc;
          int co = cBase + ir * ldc + jr;
          if (rows == MR && cols == nr) {
            tile(kc, aa, ao, aStep, aRow, bp, bo, c, co, ldc, load, buf);
          } else {
            // Edge tile: run the same kernel on a scratch tile holding the valid part of C, so an
            // element's arithmetic does not depend on where it sits.
            float[] scratch = buf.tile;
            if (load) {
              for (int r = 0; r < rows; r++) {
                System.arraycopy(c, co + r * ldc, scratch, r * nr, cols);
              }
            }
            tile(kc, aa, ao, aStep, aRow, bp, bo, scratch, 0, nr, load, buf);
            for (int r = 0; r < rows; r++) {
              System.arraycopy(scratch, r * nr, c, co + r * ldc, cols);
            }
          }
        }
      }
    }

    /** One tile; A's step p, row r at a[ao + p·aStep + r·aRow] (a packed panel: aStep MR, aRow 1). */
    private void tile(int kc, float[] ap, int ao, int aStep, int aRow, float[] bp, int bo, float[] cc, int co, int ldcc,
        boolean load, Buffers buf) {
      if (!simd) {
        kernelScalar(kc, ap, ao, bp, bo, cc, co, ldcc, load, buf.acc);
      } else if (nr == NR_SIMD && NV == 4) {
        kernel6x4(kc, ap, ao, aStep, aRow, bp, PACKED_ROWS, 0, bo, cc, co, ldcc, load);
      } else {
        kernel6x2(kc, ap, ao, aStep, aRow, bp, bo, cc, co, ldcc, load);
      }
    }
  }

  /** Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-row panels, each kc steps of MR values, zero-padded. */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
      float[] dst) {
    for (int ir = 0; ir < mc; ir += MR) {
      int rows = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir;
          int d = base + p * MR;
          for (int r = 0; r < rows; r++) {
            dst[d + r] = a[src + r];
          }
          for (int r = rows; r < MR; r++) {
            dst[d + r] = 0f;
          }
        }
      } else {
        for (int r = 0; r < rows; r++) {
          int src = aOff + (ic + ir + r) * lda + pc;
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = a[src + p];
          }
        }
        for (int r = rows; r < MR; r++) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = 0f;
          }
        }
      }
    }
  }

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as nr-column panels, each kc steps of nr values, zero-padded. */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
      int nr, float[] dst) {
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      int base = jr * kc;
      // An edge panel is cleared in one fill before its columns are copied in: a fill per row of
      // a few padding floats cost 8% of a CNN training step.
      if (cols < nr) Arrays.fill(dst, base, base + kc * nr, 0f);
      if (transB) {
        // A transposed B (every Linear layer's weight, a convolution's weight gradient) is copied in
        // blocks of TRANSPOSE_BLOCK steps, so the block's destination rows stay in L1 while every
        // column is copied in; a column's kc steps at once wrote kc cache lines apart. (A gather of
        // nr rows per step was as fast where C2 compiled it, but in a U-Net run it stayed in the
        // Vector API's Java fallback: a fifth of the step.)
        for (int p0 = 0; p0 < kc; p0 += TRANSPOSE_BLOCK) {
          int p1 = Math.min(kc, p0 + TRANSPOSE_BLOCK);
          for (int j = 0; j < cols; j++) {
            int src = bOff + (jc + jr + j) * ldb + pc, d = base + j;
            for (int p = p0; p < p1; p++) {
              dst[d + p * nr] = b[src + p];
            }
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, dst, base + p * nr, cols);
        }
      }
    }
  }

  /**
   * The 6×4 kernel over rows of B anywhere in b: step p reads the 4 vectors at rows[rowsOff + p] + col.
   * A packed panel's rows are {@link #PACKED_ROWS} (p·nr); a convolution passes where each
   * (channel, tap) row of its unfolded image starts inside the padded image, so nothing is unfolded.
   * A is a packed panel.
   */
  static void kernel6x4Rows(int kc, float[] a, int ao, float[] b, int[] rows, int rowsOff, int col, float[] c,
      int co, int ldc, boolean load) {
    kernel6x4(kc, a, ao, MR, 1, b, rows, rowsOff, col, c, co, ldc, load);
  }

  /**
   * 6 rows × 4 vectors of C (+)= A · B over kc steps; accumulators start from C when load. Step p, row r
   * of A is a[ao + p·aStep + r·aRow]; B's step p is the 4 vectors at rows[rowsOff + p] + col. No helper
   * takes vectors as arguments: a call C2 does not inline boxes them.
   */
  private static void kernel6x4(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int[] rows, int rowsOff,
      int col, float[] c, int co, int ldc, boolean load) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
    FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
    FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
    FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
    FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
    FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
    if (load) {
      int i0 = co;
      c00 = FloatVector.fromArray(SPECIES, c, i0);
      c01 = FloatVector.fromArray(SPECIES, c, i0 + VLEN);
      c02 = FloatVector.fromArray(SPECIES, c, i0 + 2 * VLEN);
      c03 = FloatVector.fromArray(SPECIES, c, i0 + 3 * VLEN);
      int i1 = co + ldc;
      c10 = FloatVector.fromArray(SPECIES, c, i1);
      c11 = FloatVector.fromArray(SPECIES, c, i1 + VLEN);
      c12 = FloatVector.fromArray(SPECIES, c, i1 + 2 * VLEN);
      c13 = FloatVector.fromArray(SPECIES, c, i1 + 3 * VLEN);
      int i2 = co + 2 * ldc;
      c20 = FloatVector.fromArray(SPECIES, c, i2);
      c21 = FloatVector.fromArray(SPECIES, c, i2 + VLEN);
      c22 = FloatVector.fromArray(SPECIES, c, i2 + 2 * VLEN);
      c23 = FloatVector.fromArray(SPECIES, c, i2 + 3 * VLEN);
      int i3 = co + 3 * ldc;
      c30 = FloatVector.fromArray(SPECIES, c, i3);
      c31 = FloatVector.fromArray(SPECIES, c, i3 + VLEN);
      c32 = FloatVector.fromArray(SPECIES, c, i3 + 2 * VLEN);
      c33 = FloatVector.fromArray(SPECIES, c, i3 + 3 * VLEN);
      int i4 = co + 4 * ldc;
      c40 = FloatVector.fromArray(SPECIES, c, i4);
      c41 = FloatVector.fromArray(SPECIES, c, i4 + VLEN);
      c42 = FloatVector.fromArray(SPECIES, c, i4 + 2 * VLEN);
      c43 = FloatVector.fromArray(SPECIES, c, i4 + 3 * VLEN);
      int i5 = co + 5 * ldc;
      c50 = FloatVector.fromArray(SPECIES, c, i5);
      c51 = FloatVector.fromArray(SPECIES, c, i5 + VLEN);
      c52 = FloatVector.fromArray(SPECIES, c, i5 + 2 * VLEN);
      c53 = FloatVector.fromArray(SPECIES, c, i5 + 3 * VLEN);
    }
    for (int p = 0; p < kc; p++) {
      int bi = rows[rowsOff + p] + col;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + VLEN);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * VLEN);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * VLEN);
      int ai = ao + p * aStep;
      FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(SPECIES, a[ai + aRow]);
      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(SPECIES, a[ai + 2 * aRow]);
      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(SPECIES, a[ai + 3 * aRow]);
      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
      x = FloatVector.broadcast(SPECIES, a[ai + 4 * aRow]);
      c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
      x = FloatVector.broadcast(SPECIES, a[ai + 5 * aRow]);
      c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
    }
    int o0 = co;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + VLEN);
    c02.intoArray(c, o0 + 2 * VLEN);
    c03.intoArray(c, o0 + 3 * VLEN);
    int o1 = co + ldc;
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + VLEN);
    c12.intoArray(c, o1 + 2 * VLEN);
    c13.intoArray(c, o1 + 3 * VLEN);
    int o2 = co + 2 * ldc;
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + VLEN);
    c22.intoArray(c, o2 + 2 * VLEN);
    c23.intoArray(c, o2 + 3 * VLEN);
    int o3 = co + 3 * ldc;
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + VLEN);
    c32.intoArray(c, o3 + 2 * VLEN);
    c33.intoArray(c, o3 + 3 * VLEN);
    int o4 = co + 4 * ldc;
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + VLEN);
    c42.intoArray(c, o4 + 2 * VLEN);
    c43.intoArray(c, o4 + 3 * VLEN);
    int o5 = co + 5 * ldc;
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + VLEN);
    c52.intoArray(c, o5 + 2 * VLEN);
    c53.intoArray(c, o5 + 3 * VLEN);
  }

  /**
   * 6 rows × 2 vectors: the tile for machines with 16 vector registers (AVX2, SSE), and for a C at most
   * two vectors wide. A as in {@link #kernel6x4(int, float[], int, int, int, float[], int[], int, int, float[], int, int, boolean)}.
   */
  private static void kernel6x2(int kc, float[] a, int ao, int aStep, int aRow, float[] b, int bo, float[] c, int co,
      int ldc, boolean load) {
    final int nr = 2 * VLEN;
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector c00 = z, c01 = z;
    FloatVector c10 = z, c11 = z;
    FloatVector c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z;
    FloatVector c40 = z, c41 = z;
    FloatVector c50 = z, c51 = z;
    if (load) {
      int i0 = co;
      c00 = FloatVector.fromArray(SPECIES, c, i0);
      c01 = FloatVector.fromArray(SPECIES, c, i0 + VLEN);
      int i1 = co + ldc;
      c10 = FloatVector.fromArray(SPECIES, c, i1);
      c11 = FloatVector.fromArray(SPECIES, c, i1 + VLEN);
      int i2 = co + 2 * ldc;
      c20 = FloatVector.fromArray(SPECIES, c, i2);
      c21 = FloatVector.fromArray(SPECIES, c, i2 + VLEN);
      int i3 = co + 3 * ldc;
      c30 = FloatVector.fromArray(SPECIES, c, i3);
      c31 = FloatVector.fromArray(SPECIES, c, i3 + VLEN);
      int i4 = co + 4 * ldc;
      c40 = FloatVector.fromArray(SPECIES, c, i4);
      c41 = FloatVector.fromArray(SPECIES, c, i4 + VLEN);
      int i5 = co + 5 * ldc;
      c50 = FloatVector.fromArray(SPECIES, c, i5);
      c51 = FloatVector.fromArray(SPECIES, c, i5 + VLEN);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * nr;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + VLEN);
      int ai = ao + p * aStep;
      FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[ai + aRow]);
      c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[ai + 2 * aRow]);
      c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[ai + 3 * aRow]);
      c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(SPECIES, a[ai + 4 * aRow]);
      c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(SPECIES, a[ai + 5 * aRow]);
      c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
    }
    int o0 = co;
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + VLEN);
    int o1 = co + ldc;
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + VLEN);
    int o2 = co + 2 * ldc;
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + VLEN);
    int o3 = co + 3 * ldc;
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + VLEN);
    int o4 = co + 4 * ldc;
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + VLEN);
    int o5 = co + 5 * ldc;
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + VLEN);
  }

  /** The scalar micro-kernel: MR × NR_SCALAR, accumulating in {@code acc} (starting from C when load). */
  private static void kernelScalar(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co,
      int ldc, boolean load, float[] acc) {
    final int nr = NR_SCALAR;
    for (int r = 0; r < MR; r++) {
      if (load) {
        System.arraycopy(c, co + r * ldc, acc, r * nr, nr);
      } else {
        Arrays.fill(acc, r * nr, (r + 1) * nr, 0f);
      }
    }
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * nr;
      int ai = ao + p * MR;
      for (int r = 0; r < MR; r++) {
        float x = a[ai + r];
        int ci = r * nr;
        for (int j = 0; j < nr; j++) {
          acc[ci + j] += x * b[bi + j];
        }
      }
    }
    for (int r = 0; r < MR; r++) {
      System.arraycopy(acc, r * nr, c, co + r * ldc, nr);
    }
  }

  /** The plain triple loop for tiny products. */
  private static void plain(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    int ai = transA ? 1 : lda;
    int ap = transA ? lda : 1;
    int bp = transB ? 1 : ldb;
    int bj = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        int x = aOff + i * ai;
        int y = bOff + j * bj;
        for (int p = 0; p < k; p++) {
          s += a[x + p * ap] * b[y + p * bp];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }

  private static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
    }
    checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k, m, n, k);
    checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n, m, n, k);
    checkMatrix("C", c, cOff, ldc, m, n, m, n, k);
  }

  private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols,
      int m, int n, int k) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long end = off + (long) (rows - 1) * ld + cols;
    if (ld < cols || off < 0 || end > x.length) {
      throw new IllegalArgumentException("sgemm (m=" + m + " n=" + n + " k=" + k + "): " + name
          + " is stored " + rows + "x" + cols + " with offset " + off + " and leading dimension "
          + ld + ", which does not fit in " + x.length + " floats");
    }
  }

  /** Per-thread packing buffers, grown on demand and kept for the thread's life. */
  private static final class Buffers {
    private float[] a = new float[0];
    private float[] b = new float[0];
    final float[] tile = new float[MR * Math.max(NR_SIMD, NR_SCALAR)];
    final float[] acc = new float[MR * NR_SCALAR];

    float[] a(int size) {
      if (a.length < size) {
        a = new float[size];
      }
      return a;
    }

    float[] b(int size) {
      if (b.length < size) {
        b = new float[size];
      }
      return b;
    }
  }
}
