package dev.shinso.cli;

import dev.shinso.backend.cpu.Gemm;
import dev.shinso.backend.cpu.IntraOpPool;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Measures square sgemm throughput: C = A·B with n×n float matrices, 2n³ floating-point operations
 * per multiply. Warms up by work done (so C2 has compiled the kernel before timing starts), then
 * times {@code reps} repetitions of about {@link #REP_FLOPS} each and reports their median.
 */
final class MatmulThroughput {
  /** Warm-up: at least this many flops and at least three multiplies. */
  static final double WARMUP_FLOPS = 3e10;
  /** One timed repetition: enough multiplies for this many flops (at least one multiply). */
  static final double REP_FLOPS = 4e9;

  private MatmulThroughput() {}

  /** GFLOPS of n×n·n×n on {@code threads} threads: the median of {@code reps} repetitions. */
  static double measure(int n, int threads, int reps) {
    if (n < 1 || threads < 1 || reps < 1) {
      throw new IllegalArgumentException(
          "matmul bench: n, threads and reps must be >= 1, got n=" + n + " threads=" + threads
              + " reps=" + reps);
    }
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(threads);
    try {
      float[] a = random((long) n * n, 1);
      float[] b = random((long) n * n, 2);
      float[] c = new float[n * n];
      double flops = 2.0 * n * n * n;
      long warm = Math.max(3, (long) Math.ceil(WARMUP_FLOPS / flops));
      for (long i = 0; i < warm; i++) {
        multiply(n, a, b, c);
      }
      int perRep = (int) Math.max(1, Math.ceil(REP_FLOPS / flops));
      double[] gflops = new double[reps];
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < perRep; i++) {
          multiply(n, a, b, c);
        }
        gflops[r] = flops * perRep / (System.nanoTime() - t0);
      }
      Arrays.sort(gflops);
      return reps % 2 == 1 ? gflops[reps / 2] : (gflops[reps / 2 - 1] + gflops[reps / 2]) / 2;
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  private static void multiply(int n, float[] a, float[] b, float[] c) {
    Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
  }

  private static float[] random(long size, long seed) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("matmul bench: a " + size + "-element matrix is too large");
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[(int) size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
