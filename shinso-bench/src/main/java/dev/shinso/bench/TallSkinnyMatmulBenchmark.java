package dev.shinso.bench;

import dev.shinso.backend.cpu.Gemm;
import dev.shinso.backend.cpu.IntraOpPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A training-step shape: (64×3136)·(3136×128), 2·64·3136·128 = 51.4 MFLOP per call, so
 * GFLOPS = 51.38 / (score in µs) × 1000. {@code plain} multiplies stored operands;
 * {@code transposedA} reads A stored 3136×64 (as a weight gradient Xᵀ·dY does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class TallSkinnyMatmulBenchmark {
  static final int M = 64;
  static final int K = 3136;
  static final int N = 128;

  @Param({"1", "2"})
  public int threads;

  private float[] a;
  private float[] b;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    IntraOpPool.setNumThreads(threads);
    a = MatmulBenchmark.random(M * K, 1);
    b = MatmulBenchmark.random(K * N, 2);
    c = new float[M * N];
  }

  @Benchmark
  public float[] plain() {
    Gemm.sgemm(false, false, M, N, K, a, 0, K, b, 0, N, c, 0, N, false);
    return c;
  }

  @Benchmark
  public float[] transposedA() {
    Gemm.sgemm(true, false, M, N, K, a, 0, M, b, 0, N, c, 0, N, false);
    return c;
  }
}
