package dev.shinso.bench;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
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
 * Elementwise ops and reductions through the public Tensor API (allocation included, as a user
 * sees them), on a [64, n/64] matrix. Bandwidth = bytes moved / score.
 * {@code addBroadcast} adds a bias row to a batch, {@code sumRows}/{@code sumBatch} reduce the
 * inner and the outer dim (the two reduction kernels), {@code softmax} is a composite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ElementwiseBenchmark {
  @Param({"65536", "1048576"})
  public int n;

  @Param({"1", "2"})
  public int threads;

  private Tensor x;
  private Tensor y;
  private Tensor bias;

  @Setup(Level.Trial)
  public void setUp() {
    IntraOpPool.setNumThreads(threads);
    Generator g = new Generator(1);
    x = Tensor.randn(g, 64, n / 64);
    y = Tensor.randn(g, 64, n / 64);
    bias = Tensor.randn(g, n / 64);
  }

  @Benchmark
  public Tensor add() {
    return x.add(y);
  }

  @Benchmark
  public Tensor addBroadcast() {
    return x.add(bias);
  }

  @Benchmark
  public Tensor exp() {
    return x.exp();
  }

  @Benchmark
  public Tensor relu() {
    return x.relu();
  }

  @Benchmark
  public Tensor gelu() {
    return x.gelu();
  }

  @Benchmark
  public Tensor sumAll() {
    return x.sum();
  }

  @Benchmark
  public Tensor sumRows() {
    return x.sum(1);
  }

  @Benchmark
  public Tensor sumBatch() {
    return x.sum(0);
  }

  @Benchmark
  public Tensor softmax() {
    return x.softmax(1);
  }
}
