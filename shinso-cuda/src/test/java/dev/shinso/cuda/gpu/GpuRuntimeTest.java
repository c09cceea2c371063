package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.cuda.Cuda;
import dev.shinso.cuda.CudaDevices;
import dev.shinso.cuda.memory.MemoryStats;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device's lifecycle on a real GPU: devices, copies, memory accounting, errors, TF32. */
class GpuRuntimeTest {
  static final Device CUDA = GpuPrimitivesTest.CUDA;

  @BeforeEach
  void gpu() {
    assumeGpu();
  }

  @Test
  void devicesAreListedAndABadIndexNamed() {
    CudaDevices.Listing l = CudaDevices.list();
    assertThat(l.problem()).isNull();
    assertThat(l.devices()).isNotEmpty();
    assertThat(l.devices().get(0).memory()).isPositive();
    assertThat(l.cublasVersion()).matches("\\d+\\.\\d+\\.\\d+");
    int n = l.devices().size();
    assertThatThrownBy(() -> Device.parse("cuda:" + n)).isInstanceOf(IllegalStateException.class)
        .hasMessage("device cuda:" + n + " does not exist (" + n + (n == 1 ? " device)" : " devices)"));
    System.out.println(l);
  }

  @Test
  void dataGoesThereAndBack() {
    float[] data = new float[3_000_001];
    for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 7;
    assertThat(Tensor.of(CUDA, data).toFloatArray()).containsExactly(data);
    long[] longs = {Long.MIN_VALUE, -1, 0, 1L << 53, Long.MAX_VALUE};
    assertThat(Tensor.ofLongs(CUDA, longs).toLongArray()).containsExactly(longs);
    assertThat(Tensor.zeros(CUDA, 0, 3).toFloatArray()).isEmpty();
    assertThat(Tensor.zeros(CUDA, 5).toFloatArray()).containsOnly(0f);
  }

  @Test
  void memoryGoesBackToTheCacheWhenATensorIsUnreachable() throws InterruptedException {
    Cuda.resetPeakMemory(0);
    MemoryStats before = Cuda.memoryStats();
    Tensor big = Tensor.zeros(CUDA, 1 << 24);  // 64 MiB
    MemoryStats with = Cuda.memoryStats();
    assertThat(with.allocated() - before.allocated()).isEqualTo(64L << 20);
    assertThat(with.peak()).isGreaterThanOrEqualTo(with.allocated());
    big = null;
    for (int i = 0; i < 50 && Cuda.memoryStats().allocated() > before.allocated(); i++) {
      System.gc();
      Thread.sleep(20);
    }
    MemoryStats after = Cuda.memoryStats();
    assertThat(after.allocated()).isLessThanOrEqualTo(before.allocated());
    assertThat(after.reserved()).as("kept in the cache").isGreaterThanOrEqualTo(before.reserved() + (64L << 20));
    Tensor again = Tensor.zeros(CUDA, 1 << 24);
    assertThat(Cuda.memoryStats().reserved()).as("the cached block reused").isEqualTo(after.reserved());
    assertThat(again.numel()).isEqualTo(1 << 24);
    Cuda.emptyCache(0);
  }

  @Test
  void anOutOfRangeIndexIsReportedAtTheNextRead() {
    Tensor x = Tensor.zeros(CUDA, 2, 3);
    Tensor picked = x.indexSelect(0, Tensor.ofLongs(CUDA, new long[] {0, 5}));
    assertThatThrownBy(picked::toFloatArray).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("indexSelect: index 5 is out of range for dimension 0 of size 2 (input shape [2, 3])");
    assertThat(x.add(1).toFloatArray()).containsOnly(1f);  // the device goes on working
  }

  @Test
  void tf32IsOffByDefaultAndCloseWhenOn() {
    assertThat(Cuda.allowTf32()).isFalse();
    Generator g = new Generator(3);
    Tensor a = Tensor.randn(Device.CPU, g, 256, 256), b = Tensor.randn(Device.CPU, g, 256, 256);
    Tensor cpu = a.matmul(b);
    Close.assertClose("fp32", a.to(CUDA).matmul(b.to(CUDA)), cpu);
    Cuda.setAllowTf32(true);
    try {
      Close.assertClose("tf32", a.to(CUDA).matmul(b.to(CUDA)), cpu, 5e-3);
    } finally {
      Cuda.setAllowTf32(false);
    }
  }
}
