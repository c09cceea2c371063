package dev.shinso.testing.offheap;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Storage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Elements in native memory the GC frees (an automatic arena): storage that is not a Java array. */
final class OffHeapStorage implements Storage {
  private final OffHeapBackend backend;
  private final DType dtype;
  private final int size;
  final MemorySegment segment;
  private int version;

  OffHeapStorage(OffHeapBackend backend, DType dtype, int size) {
    this.backend = backend;
    this.dtype = dtype;
    this.size = size;
    this.segment = Arena.ofAuto().allocate((long) Math.max(1, size) * dtype.byteSize(), 8);  // zero-filled
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public void bumpVersion() {
    version++;
  }
}
