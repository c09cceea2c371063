package dev.shinso.testing.offheap;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.backend.cpu.CpuStorage;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A second CPU backend for the tests, on device {@code offheap}: its storage is native memory, not
 * a Java array, and it implements only the twenty primitives of {@link Backend} (every composite
 * runs from its default). Each primitive stages its operands through the CPU kernels — a copy out
 * of native memory, the kernel, a copy back — the way a device would run its own. The op suite runs
 * on it (surefire's {@code offheap} execution), so code that assumes {@code float[]} storage, that
 * builds a CPU tensor behind a device tensor's back, or whose composite default is wrong, fails in
 * CI instead of on the GPU. A CPU tensor reaching one of its kernels is an error.
 */
public final class OffHeapBackend implements Backend {
  static final Device DEVICE = new Device("offheap", 0);
  private static final CpuBackend CPU = CpuBackend.INSTANCE;

  @Override
  public Device device() {
    return DEVICE;
  }

  @Override
  public Storage allocate(DType dtype, int numel) {
    return new OffHeapStorage(this, dtype, numel);
  }

  @Override
  public Storage upload(float[] data) {
    OffHeapStorage s = new OffHeapStorage(this, DType.FLOAT32, data.length);
    MemorySegment.copy(data, 0, s.segment, ValueLayout.JAVA_FLOAT, 0, data.length);
    return s;
  }

  @Override
  public Storage upload(long[] data) {
    OffHeapStorage s = new OffHeapStorage(this, DType.INT64, data.length);
    MemorySegment.copy(data, 0, s.segment, ValueLayout.JAVA_LONG, 0, data.length);
    return s;
  }

  @Override
  public Storage upload(double[] data) {
    OffHeapStorage s = new OffHeapStorage(this, DType.FLOAT64, data.length);
    MemorySegment.copy(data, 0, s.segment, ValueLayout.JAVA_DOUBLE, 0, data.length);
    return s;
  }

  @Override
  public double[] toDoubleArray(Tensor x) {
    return CPU.toDoubleArray(staged(x));
  }

  @Override
  public float[] toFloatArray(Tensor x) {
    return CPU.toFloatArray(staged(x));
  }

  @Override
  public long[] toLongArray(Tensor x) {
    return CPU.toLongArray(staged(x));
  }

  @Override
  public void copyInto(Tensor dst, Tensor src) {
    Tensor d = staged(dst);
    CPU.copyInto(d, staged(src));
    writeBack(d, dst);
  }

  @Override
  public void fill(Tensor dst, double value) {
    Tensor d = staged(dst);
    CPU.fill(d, value);
    writeBack(d, dst);
  }

  @Override
  public Tensor unary(UnaryOp op, Tensor x, float p, float q) {
    return here(CPU.unary(op, staged(x), p, q));
  }

  @Override
  public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    return here(CPU.binary(op, staged(a), staged(b)));
  }

  @Override
  public void binaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
    Tensor d = staged(dst);
    // dst and src may share storage (x += x): stage src from d's copy so the kernel sees one array.
    CPU.binaryInPlace(op, d, src.storage() == dst.storage() ? Tensors.ofStorage(d.storage(), src.shapeArray(),
        src.stridesArray(), src.offset()) : staged(src));
    writeBack(d, dst);
  }

  @Override
  public Tensor where(Tensor cond, Tensor a, Tensor b) {
    return here(CPU.where(staged(cond), staged(a), staged(b)));
  }

  @Override
  public Tensor reduce(ReduceOp op, Tensor x, int[] dims) {
    return here(CPU.reduce(op, staged(x), dims));
  }

  @Override
  public Tensor argReduce(boolean max, Tensor x, int dim) {
    return here(CPU.argReduce(max, staged(x), dim));
  }

  @Override
  public Tensor matmul(Tensor a, Tensor b) {
    return here(CPU.matmul(staged(a), staged(b)));
  }

  @Override
  public Tensor indexSelect(Tensor x, int dim, Tensor index) {
    return here(CPU.indexSelect(staged(x), dim, staged(index)));
  }

  @Override
  public Tensor gather(Tensor x, int dim, Tensor index) {
    return here(CPU.gather(staged(x), dim, staged(index)));
  }

  @Override
  public Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    return here(CPU.scatterAdd(staged(self), dim, staged(index), staged(src)));
  }

  @Override
  public void random(RandomKind kind, Tensor dst, double p, double q, Generator generator) {
    Tensor d = staged(dst);
    CPU.random(kind, d, p, q, generator);
    writeBack(d, dst);
  }

  /** A CPU tensor with t's layout over a copy of t's whole storage. */
  private Tensor staged(Tensor t) {
    if (!(t.storage() instanceof OffHeapStorage s)) {
      throw new IllegalStateException("offheap backend: got a tensor of shape " + t.shapeString() + " on " + t.device()
          + "; ops must bring every argument to the device first");
    }
    CpuStorage copy = switch (s.dtype()) {
      case FLOAT32 -> {
        float[] a = new float[s.size()];
        MemorySegment.copy(s.segment, ValueLayout.JAVA_FLOAT, 0, a, 0, a.length);
        yield CpuStorage.ofFloats(a);
      }
      case FLOAT64 -> {
        double[] a = new double[s.size()];
        MemorySegment.copy(s.segment, ValueLayout.JAVA_DOUBLE, 0, a, 0, a.length);
        yield CpuStorage.ofDoubles(a);
      }
      case INT64 -> {
        long[] a = new long[s.size()];
        MemorySegment.copy(s.segment, ValueLayout.JAVA_LONG, 0, a, 0, a.length);
        yield CpuStorage.ofLongs(a);
      }
    };
    return Tensors.ofStorage(copy, t.shapeArray(), t.stridesArray(), t.offset());
  }

  /** Copies a staged tensor's storage back over the native memory of the tensor it was staged from. */
  private static void writeBack(Tensor staged, Tensor dst) {
    OffHeapStorage s = (OffHeapStorage) dst.storage();
    CpuStorage c = (CpuStorage) staged.storage();
    switch (s.dtype()) {
      case FLOAT32 -> MemorySegment.copy(c.floats(), 0, s.segment, ValueLayout.JAVA_FLOAT, 0, s.size());
      case FLOAT64 -> MemorySegment.copy(c.doubles(), 0, s.segment, ValueLayout.JAVA_DOUBLE, 0, s.size());
      case INT64 -> MemorySegment.copy(c.longs(), 0, s.segment, ValueLayout.JAVA_LONG, 0, s.size());
    }
  }

  /** A kernel's fresh CPU result moved into native memory, same layout. */
  private Tensor here(Tensor cpu) {
    CpuStorage c = (CpuStorage) cpu.storage();
    Storage s = switch (c.dtype()) {
      case FLOAT32 -> upload(c.floats());
      case FLOAT64 -> upload(c.doubles());
      case INT64 -> upload(c.longs());
    };
    return Tensors.ofStorage(s, cpu.shapeArray(), cpu.stridesArray(), cpu.offset());
  }
}
