package dev.shinso.bench;

import dev.shinso.backend.Conv2dParams;
import dev.shinso.backend.cpu.CpuBackend;
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
 * The training CNN's two convolutions at batch 64, 3×3 kernels, padding 1: {@code conv1} is
 * 1→32 channels on 28×28, {@code conv2} 32→64 on 14×14. One benchmark per kernel: forward (with
 * bias), the input gradient and the weight gradient. scripts/torch_conv.py times PyTorch's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBench {
  private static final int BATCH = 64;
  private static final Conv2dParams SAME_3X3 = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);

  @Param({"conv1", "conv2"})
  public String layer;

  @Param({"1", "2"})
  public int threads;

  private Tensor x;
  private Tensor weight;
  private Tensor bias;
  private Tensor gradOutput;

  @Setup(Level.Trial)
  public void setUp() {
    IntraOpPool.setNumThreads(threads);
    int in = layer.equals("conv1") ? 1 : 32, out = layer.equals("conv1") ? 32 : 64, size = layer.equals("conv1") ? 28 : 14;
    Generator g = new Generator(1);
    x = Tensor.randn(g, BATCH, in, size, size);
    weight = Tensor.randn(g, out, in, 3, 3);
    bias = Tensor.randn(g, out);
    gradOutput = Tensor.randn(g, BATCH, out, size, size);
  }

  @Benchmark
  public Tensor forward() {
    return CpuBackend.INSTANCE.conv2d(x, weight, bias, SAME_3X3);
  }

  @Benchmark
  public Tensor backwardInput() {
    return CpuBackend.INSTANCE.conv2dBackwardInput(gradOutput, weight, x.shapeArray(), SAME_3X3);
  }

  @Benchmark
  public Tensor backwardWeight() {
    return CpuBackend.INSTANCE.conv2dBackwardWeight(gradOutput, x, weight.shapeArray(), SAME_3X3);
  }
}
