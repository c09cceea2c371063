package dev.shinso.bench;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.ops.Attention;
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
 * Causal scaled dot-product attention of the language model's default size (batch 32, 4 heads,
 * 128 positions, head width 32), forward and backward together: the fused kernel against the
 * composite of matmul, maskedFill and softmax.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class AttentionBench {
  @Param({"fused", "composite"})
  public String impl;

  @Param({"1"})
  public int threads;

  private Tensor q, k, v, w;

  @Setup(Level.Trial)
  public void setUp() {
    IntraOpPool.setNumThreads(threads);
    Generator g = new Generator(1);
    q = Tensor.randn(g, 32, 4, 128, 32).requiresGrad(true);
    k = Tensor.randn(g, 32, 4, 128, 32).requiresGrad(true);
    v = Tensor.randn(g, 32, 4, 128, 32).requiresGrad(true);
    w = Tensor.randn(g, 32, 4, 128, 32);
  }

  @Benchmark
  public Tensor forwardBackward() {
    Tensor out = impl.equals("fused") ? Attention.scaledDotProductAttention(q, k, v, true) : Attention.composite(q, k, v, true);
    out.mul(w).sum().backward();
    Tensor g = q.grad();
    q.setGrad(null);
    k.setGrad(null);
    v.setGrad(null);
    return g;
  }
}
