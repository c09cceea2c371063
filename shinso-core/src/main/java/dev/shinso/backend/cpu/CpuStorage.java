package dev.shinso.backend.cpu;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.AbstractStorage;
import dev.shinso.tensor.DType;

/** Heap storage owned by the GC: a float[] for FLOAT32, a double[] for FLOAT64, a long[] for INT64. */
public final class CpuStorage extends AbstractStorage {
  private final Object array;

  private CpuStorage(DType dtype, Object array, int size) {
    super(dtype, size);
    this.array = array;
  }

  public static CpuStorage ofFloats(float[] data) {
    return new CpuStorage(DType.FLOAT32, data, data.length);
  }

  public static CpuStorage ofDoubles(double[] data) {
    return new CpuStorage(DType.FLOAT64, data, data.length);
  }

  public static CpuStorage ofLongs(long[] data) {
    return new CpuStorage(DType.INT64, data, data.length);
  }

  public static CpuStorage allocate(DType dtype, int size) {
    return switch (dtype) {
      case FLOAT32 -> ofFloats(new float[size]);
      case FLOAT64 -> ofDoubles(new double[size]);
      case INT64 -> ofLongs(new long[size]);
    };
  }

  public float[] floats() {
    if (array instanceof float[] a) return a;
    throw wrongType(DType.FLOAT32);
  }

  public double[] doubles() {
    if (array instanceof double[] a) return a;
    throw wrongType(DType.FLOAT64);
  }

  public long[] longs() {
    if (array instanceof long[] a) return a;
    throw wrongType(DType.INT64);
  }

  /** The backing array, whatever its type (for copies that need not know it). */
  Object array() {
    return array;
  }

  private IllegalStateException wrongType(DType wanted) {
    return new IllegalStateException("storage holds " + dtype() + ", not " + wanted);
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }
}
