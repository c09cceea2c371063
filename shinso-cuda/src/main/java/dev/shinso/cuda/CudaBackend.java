package dev.shinso.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.cuda.driver.Gpu;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.cuda.memory.CachingAllocator;
import dev.shinso.cuda.memory.MemoryStats;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.function.Consumer;

/**
 * The backend of one CUDA device: the eight runtime methods here, the twelve kernel primitives in
 * {@link Elementwise}, {@link Reductions}, {@link Indexing}, {@link RandomFill} and {@link Matmul};
 * convolution in {@link Convolution} (cuDNN), pooling in {@link Pooling}, batch norm in
 * {@link BatchNorm}; every other kernel is a composite default of {@link Backend}. Work is queued
 * on the device's one stream and the host waits only where it reads a value (or under
 * SHINSO_CUDA_SYNC=1, after every launch, which also reports an index error at the op that made it).
 */
public final class CudaBackend implements Backend {
  static final int THREADS = 256;

  private final Device device;
  private final Gpu gpu;
  private final CachingAllocator allocator;
  private final IndexErrors indexErrors;
  private final boolean synchronous;
  private final int maxGrid;

  CudaBackend(int index, Gpu gpu, boolean synchronous) {
    this.device = new Device("cuda", index);
    this.gpu = gpu;
    this.synchronous = synchronous;
    this.allocator = new CachingAllocator(new CachingAllocator.Device() {
      @Override
      public long malloc(long bytes) {
        return gpu.malloc(bytes);
      }

      @Override
      public void free(long pointer) {
        gpu.free(pointer);
      }

      @Override
      public void synchronize() {
        gpu.synchronize(" before returning cached blocks");
      }
    }, gpu.name());
    this.maxGrid = Math.max(1, gpu.multiprocessors()) * 32;  // enough blocks to fill the device; loops cover the rest
    long word = gpu.malloc(16);
    if (word == 0) throw new IllegalStateException(gpu.name() + ": out of memory at start");
    this.indexErrors = new IndexErrors(gpu, word);
  }

  // ---- the runtime ----

  @Override
  public Device device() {
    return device;
  }

  @Override
  public Storage allocate(DType dtype, int numel) {
    CudaStorage s = storage(dtype, numel);
    if (numel > 0) gpu.zero(s.pointer(), (long) numel * dtype.byteSize());
    return s;
  }

  @Override
  public Storage upload(float[] data) {
    return upload(DType.FLOAT32, data.length, host -> MemorySegment.copy(data, 0, host, JAVA_FLOAT, 0, data.length));
  }

  @Override
  public Storage upload(long[] data) {
    return upload(DType.INT64, data.length, host -> MemorySegment.copy(data, 0, host, JAVA_LONG, 0, data.length));
  }

  /**
   * Through native memory, which {@link Gpu#upload} has read when it returns: an async copy from a
   * Java array could read it after the GC moved it.
   */
  private CudaStorage upload(DType dtype, int n, Consumer<MemorySegment> write) {
    CudaStorage s = storage(dtype, n);
    if (n == 0) return s;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment host = a.allocate((long) n * dtype.byteSize(), 8);
      write.accept(host);
      gpu.upload(s.pointer(), host, host.byteSize());
    }
    return s;
  }

  @Override
  public float[] toFloatArray(Tensor x) {
    float[] out = new float[x.numel()];
    read(x, DType.FLOAT32, host -> MemorySegment.copy(host, JAVA_FLOAT, 0, out, 0, out.length));
    return out;
  }

  @Override
  public long[] toLongArray(Tensor x) {
    long[] out = new long[x.numel()];
    read(x, DType.INT64, host -> MemorySegment.copy(host, JAVA_LONG, 0, out, 0, out.length));
    return out;
  }

  /** x's elements, row-major and converted to dtype, handed to copyOut once the device has written them. */
  private void read(Tensor x, DType dtype, Consumer<MemorySegment> copyOut) {
    Tensor c = contiguous(x, dtype);
    int n = c.numel();
    if (n > 0) {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment host = a.allocate((long) n * dtype.byteSize(), 8);
        gpu.download(host, storageOf(c).address(c.offset()), host.byteSize());
        copyOut.accept(host);
      }
    }
    Reference.reachabilityFence(c);
    indexErrors.check();
  }

  @Override
  public void copyInto(Tensor dst, Tensor src) {
    Elementwise.copy(this, dst, src);
  }

  @Override
  public void synchronize() {
    gpu.synchronize("");
    indexErrors.check();
  }

  // ---- the kernel primitives ----

  @Override
  public void fill(Tensor dst, double value) {
    Elementwise.fill(this, dst, value);
  }

  @Override
  public Tensor unary(UnaryOp op, Tensor x, float p, float q) {
    return Elementwise.unary(this, op, x, p, q);
  }

  @Override
  public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    return Elementwise.binary(this, op, a, b);
  }

  @Override
  public void binaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
    Elementwise.binaryInPlace(this, op, dst, src);
  }

  @Override
  public Tensor where(Tensor cond, Tensor a, Tensor b) {
    return Elementwise.where(this, cond, a, b);
  }

  @Override
  public Tensor reduce(ReduceOp op, Tensor x, int[] dims) {
    return Reductions.reduce(this, op, x, dims);
  }

  @Override
  public Tensor argReduce(boolean max, Tensor x, int dim) {
    return Reductions.argReduce(this, max, x, dim);
  }

  @Override
  public Tensor matmul(Tensor a, Tensor b) {
    return Matmul.matmul(this, a, b);
  }

  @Override
  public Tensor indexSelect(Tensor x, int dim, Tensor index) {
    return Indexing.indexSelect(this, x, dim, index);
  }

  @Override
  public Tensor gather(Tensor x, int dim, Tensor index) {
    return Indexing.gather(this, x, dim, index);
  }

  @Override
  public Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    return Indexing.scatterAdd(this, self, dim, index, src);
  }

  @Override
  public void random(RandomKind kind, Tensor dst, double p, double q, Generator generator) {
    RandomFill.random(this, kind, dst, p, q, generator);
  }

  // ---- convolution: cuDNN where the GPU has it, else (or where it has no algorithm) the composite ----

  @Override
  public Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    Tensor y = Convolution.forward(this, x, weight, bias, p, false);
    return y != null ? y : Backend.super.conv2d(x, weight, bias, p);
  }

  @Override
  public Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    Tensor y = Convolution.forward(this, x, weight, bias, p, true);
    return y != null ? y : Backend.super.conv2dRelu(x, weight, bias, p);
  }

  @Override
  public Tensor conv2dBackwardInput(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    Tensor dx = Convolution.backwardInput(this, gradOutput, weight, inputShape, p);
    return dx != null ? dx : Backend.super.conv2dBackwardInput(gradOutput, weight, inputShape, p);
  }

  @Override
  public Tensor conv2dBackwardWeight(Tensor gradOutput, Tensor x, int[] weightShape, Conv2dParams p) {
    Tensor dw = Convolution.backwardWeight(this, gradOutput, x, weightShape, p);
    return dw != null ? dw : Backend.super.conv2dBackwardWeight(gradOutput, x, weightShape, p);
  }

  // ---- pooling (pool.cu); group and layer norm and the rest are still the composites ----

  @Override
  public MaxPool2dResult maxPool2dWithIndices(Tensor x, Pool2dParams p) {
    return Pooling.maxPool2d(this, x, p, true);
  }

  @Override
  public Tensor maxPool2d(Tensor x, Pool2dParams p) {
    return Pooling.maxPool2d(this, x, p, false).output();
  }

  @Override
  public Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
    return Pooling.maxPool2dBackward(this, gradOutput, indices, inputShape);
  }

  @Override
  public Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
    return Pooling.avgPool2d(this, x, p, countIncludePad);
  }

  @Override
  public Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p, boolean countIncludePad) {
    return Pooling.avgPool2dBackward(this, gradOutput, inputShape, p, countIncludePad);
  }

  @Override
  public Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    return Pooling.adaptiveAvgPool2d(this, x, outH, outW);
  }

  @Override
  public Tensor adaptiveAvgPool2dBackward(Tensor gradOutput, int[] inputShape) {
    return Pooling.adaptiveAvgPool2dBackward(this, gradOutput, inputShape);
  }

  // ---- batch norm (norm.cu) ----

  @Override
  public BatchNormResult batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
    if (x.numel() == 0) return Backend.super.batchNorm(x, weight, bias, eps);
    return BatchNorm.forward(this, x, weight, bias, eps);
  }

  @Override
  public Tensor[] batchNormBackward(Tensor gradOutput, Tensor x, Tensor weight, Tensor mean, Tensor var, double eps) {
    if (x.numel() == 0) return Backend.super.batchNormBackward(gradOutput, x, weight, mean, var, eps);
    return BatchNorm.backward(this, gradOutput, x, weight, mean, var, eps);
  }

  // ---- for the kernels' launchers ----

  MemoryStats memoryStats() {
    return allocator.stats();
  }

  CachingAllocator allocator() {
    return allocator;
  }

  Gpu gpu() {
    return gpu;
  }

  IndexErrors indexErrors() {
    return indexErrors;
  }

  /** A contiguous tensor whose elements a kernel will all write: not zeroed. */
  Tensor output(DType dtype, int[] shape) {
    return Tensors.ofStorage(storage(dtype, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  /** A contiguous zero-filled tensor. */
  Tensor zeros(DType dtype, int[] shape) {
    return Tensors.ofStorage(allocate(dtype, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  /** x itself when contiguous and of dtype, else a contiguous copy converted to dtype. */
  Tensor contiguous(Tensor x, DType dtype) {
    if (x.dtype() == dtype && x.isContiguous()) return x;
    Tensor c = output(dtype, x.shapeArray());
    Elementwise.copy(this, c, x);
    return c;
  }

  /** x when float32, else a float32 copy (int64 is reduced as float32, as on the CPU). */
  Tensor asFloat(Tensor x) {
    return x.dtype() == DType.FLOAT32 ? x : contiguous(x, DType.FLOAT32);
  }

  /** t's device storage, or an IllegalStateException when t lives elsewhere. */
  CudaStorage storageOf(Tensor t) {
    if (t.storage() instanceof CudaStorage s && s.backend() == this) return s;
    throw new IllegalStateException("cuda backend of " + device + ": got a tensor of shape " + t.shapeString() + " on "
        + t.device() + "; ops must bring every argument to the device first");
  }

  /** The device address of t's storage (its View carries the offset). */
  long base(Tensor t) {
    return storageOf(t).pointer();
  }

  /** Launches one thread per work item (grid-stride beyond the grid's size); the operands stay reachable until queued. */
  void launch(Kernel kernel, int items, KernelArgs args, Object... operands) {
    int grid = (int) Math.min((items + (long) THREADS - 1) / THREADS, maxGrid);
    launchGrid(kernel, Math.max(1, grid), args, operands);
  }

  void launchGrid(Kernel kernel, int grid, KernelArgs args, Object... operands) {
    gpu.launch(kernel, grid, THREADS, args);
    // Until here a tensor could become unreachable and its block be reused by another thread's
    // allocation, queued before this launch.
    Reference.reachabilityFence(operands);
    if (synchronous) {
      gpu.synchronize(" after " + kernel.entry());
      indexErrors.check();
    }
  }

  /** Under SHINSO_CUDA_SYNC=1, waits for a library call (cuBLAS) as for a launch. */
  void afterLibraryCall(String call) {
    if (synchronous) gpu.synchronize(" after " + call);
  }

  /** Blocks to cover {@code items} in groups of {@code perBlock}, at most the grid limit. */
  int gridFor(long items, int perBlock) {
    return (int) Math.max(1, Math.min((items + perBlock - 1) / perBlock, maxGrid));
  }

  private CudaStorage storage(DType dtype, int numel) {
    if (dtype == DType.FLOAT64) throw float64Unsupported(); // no float64 kernels yet: refused before any memory is taken
    return new CudaStorage(this, dtype, numel, allocator, allocator.allocate((long) numel * dtype.byteSize()));
  }

  @Override
  public String toString() {
    return "CudaBackend(" + gpu.name() + ")";
  }
}
