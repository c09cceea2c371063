package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.backend.Backends;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Random fills on the GPU: the CPU's numbers bit for bit (once the core's Philox generator is merged), and sane statistics. */
class GpuRandomTest {
  static final Device CUDA = GpuPrimitivesTest.CUDA;

  @BeforeEach
  void gpu() {
    assumeGpu();
  }

  @Test
  void theCpusNumbersBitForBit() {
    for (RandomKind kind : RandomKind.values()) {
      for (DType dtype : kind == RandomKind.INTEGER ? new DType[] {DType.FLOAT32, DType.INT64} : new DType[] {DType.FLOAT32}) {
        double p = kind == RandomKind.INTEGER ? -7 : kind == RandomKind.BERNOULLI ? 0.3 : -1, q = kind
            == RandomKind.INTEGER ? 1000 : 2;
        Tensor cpu = Tensor.empty(Device.CPU, dtype, 10_001), gpu = Tensor.empty(CUDA, dtype, 10_001);
        CpuBackend.INSTANCE.random(kind, cpu, p, q, new Generator(99));
        Backends.of(CUDA).random(kind, gpu, p, q, new Generator(99));
        if (dtype == DType.INT64) {
          assertThat(gpu.toLongArray()).as("%s int64", kind).containsExactly(cpu.toLongArray());
        } else {
          assertThat(gpu.toFloatArray()).as("%s", kind).containsExactly(cpu.toFloatArray());
        }
      }
    }
  }

  @Test
  void normalsHaveTheirMomentsAndUniformsTheirRange() {
    float[] z = Tensor.randn(CUDA, new Generator(1), 1_000_000).toFloatArray();
    double mean = Arrays.stream(toDouble(z)).average().orElseThrow();
    double var = Arrays.stream(toDouble(z)).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(var).isCloseTo(1, within(0.01));
    float[] u = Tensor.rand(CUDA, new Generator(2), 100_001).toFloatArray();
    for (float v : u) assertThat(v).isBetween(0f, 0.99999994f);
    long[] ints = Tensor.randint(CUDA, new Generator(3), -3, 4, 10_000).toLongArray();
    assertThat(Arrays.stream(ints).allMatch(v -> v >= -3 && v < 4)).isTrue();
    assertThat(Arrays.stream(ints).distinct().count()).isEqualTo(7);
  }

  @Test
  void aSeedRepeats() {
    assertThat(Tensor.randn(CUDA, new Generator(5), 1000).toFloatArray())
        .containsExactly(Tensor.randn(CUDA, new Generator(5), 1000).toFloatArray());
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

}
