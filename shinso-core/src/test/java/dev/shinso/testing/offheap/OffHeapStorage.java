package dev.shinso.testing.offheap;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.AbstractStorage;
import dev.shinso.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Elements in native memory the GC frees (an automatic arena): storage that is not a Java array. */
final class OffHeapStorage extends AbstractStorage {
  private final OffHeapBackend backend;
  final MemorySegment segment;

  OffHeapStorage(OffHeapBackend backend, DType dtype, int size) {
    super(dtype, size);
    this.backend = backend;
    this.segment = Arena.ofAuto().allocate((long) Math.max(1, size) * dtype.byteSize(), 8);  // zero-filled
  }

  @Override
  public Backend backend() {
    return backend;
  }
}
