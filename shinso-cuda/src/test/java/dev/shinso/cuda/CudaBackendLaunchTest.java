package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CudaBackend over a GPU that records instead of running (RecordingGpu): every primitive launches
 * the kernels it should, with arguments that match their signatures, and cuBLAS gets the
 * transposes and leading dims of the column-major trick. Values need the GPU (GpuOpsTest).
 */
class CudaBackendLaunchTest {
  private RecordingGpu gpu;
  private CudaBackend b;

  @BeforeEach
  void open() {
    gpu = new RecordingGpu();
    b = new CudaBackend(0, gpu, false);
    gpu.reset();
  }

  private Tensor t(DType dtype, int... shape) {
    return Tensors.ofStorage(b.allocate(dtype, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  private Tensor f(int... shape) {
    return t(DType.FLOAT32, shape);
  }

  @Test
  void allocationZeroesAndUploadsStageThroughTheHost() {
    f(2, 3);
    b.upload(new float[] {1, 2, 3});
    b.upload(new long[] {1, 2});
    assertThat(gpu.events).containsExactly("zero 24", "upload 12", "upload 16");
  }

  @Test
  void copiesAreAMemcpyWhenContiguousElseAKernel() {
    Tensor x = f(4, 3), y = f(3, 4);
    gpu.reset();
    b.copyInto(y.reshape(4, 3), x);
    assertThat(gpu.events).containsExactly("copy 48");
    gpu.reset();
    b.copyInto(y, x.t());
    b.copyInto(t(DType.INT64, 4, 3), x);
    b.copyInto(x, t(DType.INT64, 3));  // broadcast over rows
    assertThat(gpu.kernels()).containsExactly(Kernel.COPY_F32_F32, Kernel.COPY_I64_F32, Kernel.COPY_F32_I64);
  }

  @Test
  void hostReadsCopyAStridedTensorFirstAndWait() {
    Tensor x = f(4, 3);
    gpu.reset();
    assertThat(b.toFloatArray(x)).hasSize(12);
    assertThat(gpu.events).containsExactly("download 48");
    gpu.reset();
    assertThat(b.toLongArray(x.t())).hasSize(12);
    assertThat(gpu.events).containsExactly("launch copy_i64_f32", "download 96");
  }

  @Test
  void elementwisePrimitives() {
    Tensor x = f(8, 16), l = t(DType.INT64, 8, 16);
    b.fill(x, 2);
    b.fill(l.t(), 3);
    for (UnaryOp op : UnaryOp.values()) b.unary(op, x.t(), 0.5f, 1.5f);
    for (BinaryOp op : BinaryOp.values()) b.binary(op, x, x.t().t());
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.MAX, BinaryOp.MIN, BinaryOp.EQ}) {
      b.binary(op, l, l);
    }
    b.binaryInPlace(BinaryOp.ADD, x, x);
    b.where(x, x, x);
    b.where(l, l, l);
    int unary = UnaryOp.values().length, binary = BinaryOp.values().length;
    assertThat(gpu.kernels()).startsWith(Kernel.FILL_F32, Kernel.FILL_I64).containsSequence(Kernel.BINARY_I64,
        Kernel.BINARY_I64, Kernel.BINARY_I64, Kernel.BINARY_I64, Kernel.BINARY_I64, Kernel.COMPARE_I64)
        .endsWith(Kernel.BINARY_F32, Kernel.WHERE_F32_F32, Kernel.WHERE_I64_I64)
        .hasSize(2 + unary + binary + 6 + 3);
    assertThat(b.binary(BinaryOp.LT, l, l).dtype()).isEqualTo(DType.FLOAT32);
    assertThatThrownBy(() -> b.binary(BinaryOp.DIV, l, l)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DIV is not an int64 arithmetic op");
  }

  @Test
  void emptyTensorsLaunchNothing() {
    Tensor e = f(0, 3);
    b.fill(e, 1);
    b.unary(UnaryOp.EXP, e, 0, 0);
    b.binary(BinaryOp.ADD, e, e);
    assertThat(gpu.launches).isEmpty();
  }

  @Test
  void reductionsOfShortRowsAreOnePassAndAFullSumTwo() {
    Tensor x = f(64, 10);
    b.reduce(ReduceOp.SUM, x, new int[] {1});
    b.reduce(ReduceOp.MAX, x.t(), new int[] {0});
    b.argReduce(true, x, 1);
    assertThat(gpu.kernels()).containsExactly(Kernel.REDUCE_F32, Kernel.REDUCE_F32, Kernel.ARGREDUCE_F32);
    gpu.reset();
    Tensor big = f(1 << 20);
    Tensor total = b.reduce(ReduceOp.SUM, big, new int[] {0});
    assertThat(total.shapeArray()).containsExactly(1);
    assertThat(gpu.kernels()).containsExactly(Kernel.REDUCE_F32, Kernel.REDUCE_F32);
    gpu.reset();
    b.reduce(ReduceOp.SUM, t(DType.INT64, 5, 2), new int[] {0, 1});
    assertThat(gpu.kernels()).containsExactly(Kernel.COPY_F32_I64, Kernel.REDUCE_F32);
  }

  @Test
  void reductionErrorsAreTheCpusOwn() {
    assertThat(b.reduce(ReduceOp.SUM, f(3, 0), new int[] {1}).shapeArray()).containsExactly(3, 1);
    assertThatThrownBy(() -> b.reduce(ReduceOp.MAX, f(3, 0), new int[] {1}))
        .hasMessage("max: cannot reduce over an empty dimension of [3, 0]");
    assertThatThrownBy(() -> b.argReduce(false, f(0, 2), 0)).hasMessage("argmin: dimension 0 of [0, 2] is empty");
  }

  @Test
  void splitSizes() {
    assertThat(Reductions.groups(1, 1 << 28, 132)).isEqualTo(1024);
    assertThat(Reductions.groups(1, 1 << 17, 132)).isEqualTo(16);
    assertThat(Reductions.groups(1000, 1 << 20, 132)).isEqualTo(1);
    assertThat(Reductions.groups(1, 1000, 132)).isEqualTo(1);
    assertThat(Reductions.threadsPerOutput(4)).isEqualTo(1);
    assertThat(Reductions.threadsPerOutput(784)).isEqualTo(32);
    assertThat(Reductions.threadsPerOutput(1 << 20)).isEqualTo(256);
  }

  @Test
  void matmulReadsRowMajorAsColumnMajorTransposed() {
    Tensor a = f(2, 3), m = f(3, 4);
    b.matmul(a, m);
    // C^T (4x2) = B^T (4x3, ld 4) · A^T (3x2, ld 3); no batch dims: batch strides 0
    assertThat(gpu.gemms).containsExactly(new RecordingGpu.Gemm(false, false, 4, 2, 3, 4, 0, 3, 0, 4, 8, 1, false));
  }

  @Test
  void aTransposedViewIsATransposeFlagNotACopy() {
    Tensor at = f(3, 2).t(), mt = f(4, 3).t();
    b.matmul(at, mt);
    assertThat(gpu.launches).isEmpty();
    assertThat(gpu.gemms).containsExactly(new RecordingGpu.Gemm(true, true, 4, 2, 3, 3, 0, 2, 0, 4, 8, 1, false));
  }

  @Test
  void aBroadcastRightSideHasBatchStrideZero() {
    Tensor a = f(5, 2, 3), m = f(3, 4).unsqueeze(0).expand(5, 3, 4);
    Cuda.setAllowTf32(true);
    try {
      b.matmul(a, m);
    } finally {
      Cuda.setAllowTf32(false);
    }
    assertThat(gpu.gemms).containsExactly(new RecordingGpu.Gemm(false, false, 4, 2, 3, 4, 0, 3, 6, 4, 8, 5, true));
  }

  /** Each pooling pass is one kernel of pool.cu, a strided input copied contiguous first; gradients start from zeros. */
  @Test
  void poolingIsOneKernelPerPass() {
    Tensor x = f(2, 3, 8, 8);
    Pool2dParams p = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false);
    gpu.reset();
    Backend.MaxPool2dResult r = b.maxPool2dWithIndices(x, p);
    assertThat(r.output().shapeArray()).containsExactly(2, 3, 4, 4);
    assertThat(r.indices().dtype()).isEqualTo(DType.INT64);
    assertThat(b.maxPool2d(x, p).shapeArray()).containsExactly(2, 3, 4, 4);
    b.maxPool2dBackward(r.output(), r.indices(), new int[] {2, 3, 8, 8});
    Tensor avg = b.avgPool2d(x, p, false);
    b.avgPool2dBackward(avg, new int[] {2, 3, 8, 8}, p, false);
    assertThat(b.adaptiveAvgPool2d(x, 3, 2).shapeArray()).containsExactly(2, 3, 3, 2);
    b.adaptiveAvgPool2dBackward(f(2, 3, 3, 2), new int[] {2, 3, 8, 8});
    assertThat(gpu.kernels()).containsExactly(Kernel.MAX_POOL2D_F32, Kernel.MAX_POOL2D_F32,
        Kernel.MAX_POOL2D_BACKWARD_F32, Kernel.AVG_POOL2D_F32, Kernel.AVG_POOL2D_BACKWARD_F32,
        Kernel.ADAPTIVE_AVG_POOL2D_F32, Kernel.ADAPTIVE_AVG_POOL2D_BACKWARD_F32);
    assertThat(gpu.events).filteredOn(e -> e.startsWith("zero")).containsExactly("zero 1536", "zero 1536", "zero 144",
        "zero 1536");
    gpu.reset();
    b.avgPool2d(x.transpose(2, 3), p, true);
    assertThat(gpu.kernels()).containsExactly(Kernel.COPY_F32_F32, Kernel.AVG_POOL2D_F32);
  }

  /** Batch norm is two kernels each way, the statistics one block per channel; a strided input is copied first. */
  @Test
  void batchNormIsTwoKernelsEachWay() {
    Tensor x = f(4, 3, 5, 5), w = f(3), bias = f(3);
    gpu.reset();
    Backend.BatchNormResult r = b.batchNorm(x, w, bias, 1e-5);
    assertThat(r.mean().shapeArray()).containsExactly(3);
    assertThat(r.var().shapeArray()).containsExactly(3);
    Tensor[] grads = b.batchNormBackward(r.output(), x, null, r.mean(), r.var(), 1e-5);
    assertThat(grads[0].shapeArray()).containsExactly(4, 3, 5, 5);
    assertThat(grads[1].shapeArray()).containsExactly(3);
    assertThat(gpu.launches).extracting(RecordingGpu.Launch::kernel, RecordingGpu.Launch::grid).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Kernel.BATCH_NORM_STATS_F32, 3),
        org.assertj.core.groups.Tuple.tuple(Kernel.BATCH_NORM_APPLY_F32, 2),
        org.assertj.core.groups.Tuple.tuple(Kernel.BATCH_NORM_BACKWARD_REDUCE_F32, 3),
        org.assertj.core.groups.Tuple.tuple(Kernel.BATCH_NORM_BACKWARD_APPLY_F32, 2));
    gpu.reset();
    b.batchNorm(f(3, 4).t(), null, null, 1e-5);
    assertThat(gpu.kernels()).containsExactly(Kernel.COPY_F32_F32, Kernel.BATCH_NORM_STATS_F32,
        Kernel.BATCH_NORM_APPLY_F32);
  }

  /** Shinso.allowTf32 is the one switch: off by default, and each gemm reads it when launched. */
  @Test
  void tf32IsOffByDefaultAndEachGemmReadsShinsosSwitch() {
    assertThat(Shinso.allowTf32()).isFalse();
    b.matmul(f(2, 3), f(3, 4));
    Shinso.allowTf32(true);
    try {
      assertThat(Cuda.allowTf32()).isTrue();
      b.matmul(f(2, 3), f(3, 4));
    } finally {
      Shinso.allowTf32(false);
    }
    b.matmul(f(2, 3), f(3, 4));
    assertThat(gpu.gemms).extracting(RecordingGpu.Gemm::tf32).containsExactly(false, true, false);
  }

  @Test
  void batchDimsThatNoStrideStepsThroughAreCopied() {
    Tensor a = f(2, 3, 2, 3), m = f(3, 3, 4).unsqueeze(0).expand(2, 3, 3, 4);
    b.matmul(a, m);
    assertThat(gpu.kernels()).containsExactly(Kernel.COPY_F32_F32);
    assertThat(gpu.gemms).singleElement().extracting(RecordingGpu.Gemm::strideA, RecordingGpu.Gemm::batch)
        .containsExactly(12L, 6);
  }

  @Test
  void indexingPrimitives() {
    Tensor x = f(4, 5), index = t(DType.INT64, 3);
    assertThat(b.indexSelect(x, 1, index).shapeArray()).containsExactly(4, 3);
    assertThat(b.gather(x, 0, t(DType.INT64, 2, 5)).shapeArray()).containsExactly(2, 5);
    assertThat(b.indexSelect(t(DType.INT64, 4, 5), 0, index).dtype()).isEqualTo(DType.INT64);
    assertThat(b.scatterAdd(x.t(), 1, t(DType.INT64, 5, 2), f(5, 2)).shapeArray()).containsExactly(5, 4);
    assertThat(gpu.kernels()).containsExactly(Kernel.GATHER_F32, Kernel.GATHER_F32, Kernel.GATHER_I64,
        Kernel.COPY_F32_F32, Kernel.SCATTER_ADD_F32);
  }

  @Test
  void randomFillsOneThreadPerCounter() {
    Generator g = new Generator(1);
    b.random(RandomKind.UNIFORM, f(1000), 0, 1, g);
    b.random(RandomKind.NORMAL, f(1000), 0, 1, g);
    b.random(RandomKind.INTEGER, t(DType.INT64, 1000), 0, 10, g);
    assertThat(gpu.launches).containsExactly(new RecordingGpu.Launch(Kernel.RANDOM_F32, 1, 256),
        new RecordingGpu.Launch(Kernel.RANDOM_F32, 2, 256), new RecordingGpu.Launch(Kernel.RANDOM_I64, 2, 256));
    assertThatThrownBy(() -> b.random(RandomKind.NORMAL, t(DType.INT64, 3), 0, 1, g))
        .hasMessage("random: NORMAL cannot fill an int64 tensor [3]");
  }

  @Test
  void anIndexErrorSurfacesAtTheNextHostReadNamingTheOpAndShape() {
    Tensor x = f(2, 3);
    Tensor picked = b.indexSelect(x, 0, t(DType.INT64, 2));
    gpu.planted.put(b.indexErrors().word(), new long[] {1, 2});
    assertThatThrownBy(() -> b.toFloatArray(picked)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("indexSelect: index 2 is out of range for dimension 0 of size 2 (input shape [2, 3])");
    assertThat(b.toFloatArray(picked)).as("reported once").hasSize(6);
  }

  @Test
  void synchronousModeWaitsAfterEveryLaunchAndReportsAtTheOp() {
    CudaBackend sync = new CudaBackend(0, gpu, true);
    Tensor x = Tensors.ofStorage(sync.allocate(DType.FLOAT32, 6), new int[] {2, 3}, new int[] {3, 1}, 0);
    Tensor index = Tensors.ofStorage(sync.allocate(DType.INT64, 1), new int[] {1}, new int[] {1}, 0);
    gpu.reset();
    sync.unary(UnaryOp.EXP, x, 0, 0);
    assertThat(gpu.events).containsExactly("launch unary_f32", "sync after unary_f32");
    gpu.planted.put(sync.indexErrors().word(), new long[] {1, -7});
    assertThatThrownBy(() -> sync.gather(x, 1, index.unsqueeze(0).expand(2, 1)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("gather: index -7 is out of range for dimension 1 of size 3 (input shape [2, 3])");
  }

  @Test
  void aTensorFromAnotherDeviceIsABugNamedWithItsShape() {
    Tensor cpu = Tensor.zeros(Device.CPU, 2, 2);
    assertThatThrownBy(() -> b.unary(UnaryOp.EXP, cpu, 0, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("cuda backend of cuda:0: got a tensor of shape [2, 2] on cpu; ops must bring every argument to "
            + "the device first");
  }
}
