package dev.shinso.backend.cpu;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.AbstractStorage;
import dev.shinso.tensor.DType;

/** Heap storage owned by the GC: a float[] for FLOAT32, a long[] for INT64. */
public final class CpuStorage extends AbstractStorage {
  private final float[] floats;
  private final long[] longs;

  private CpuStorage(float[] floats, long[] longs) {
    super(floats != null ? DType.FLOAT32 : DType.INT64, floats != null ? floats.length : longs.length);
    this.floats = floats;
    this.longs = longs;
  }

  public static CpuStorage ofFloats(float[] data) {
    return new CpuStorage(data, null);
  }

  public static CpuStorage ofLongs(long[] data) {
    return new CpuStorage(null, data);
  }

  public static CpuStorage allocate(DType dtype, int size) {
    return dtype == DType.FLOAT32 ? ofFloats(new float[size]) : ofLongs(new long[size]);
  }

  public float[] floats() {
    if (floats == null) throw new IllegalStateException("storage holds int64, not float32");
    return floats;
  }

  public long[] longs() {
    if (longs == null) throw new IllegalStateException("storage holds float32, not int64");
    return longs;
  }

  @Override
  public Backend backend() {
    return CpuBackend.INSTANCE;
  }
}
