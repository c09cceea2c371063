package dev.shinso.bench;

import dev.shinso.backend.cpu.Gemm;
import dev.shinso.backend.cpu.IntraOpPool;
import java.util.SplittableRandom;
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
 * sgemm time per call. GFLOPS = 2·m·n·k / (time in ns): for square n, 2n³ / score.
 * {@code square}: C = A·B with n×n matrices. {@code tallSkinny}: a training-step shape,
 * (64×3136)·(3136×128), i.e. a conv layer's weight gradient after im2col.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class MatmulBenchmark {
  @Param({"256", "512", "1024", "2048"})
  public int n;

  @Param({"1", "2"})
  public int threads;

  private float[] a;
  private float[] b;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    IntraOpPool.setNumThreads(threads);
    a = random(n * n, 1);
    b = random(n * n, 2);
    c = new float[n * n];
  }

  @Benchmark
  public float[] square() {
    Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
    return c;
  }

  static float[] random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
