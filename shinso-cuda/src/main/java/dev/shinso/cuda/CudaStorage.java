package dev.shinso.cuda;

import dev.shinso.backend.Backend;
import dev.shinso.cuda.memory.CachingAllocator;
import dev.shinso.tensor.AbstractStorage;
import dev.shinso.tensor.DType;
import java.lang.ref.Cleaner;

/**
 * Elements in device memory: a block of the device's caching allocator, returned to it when the
 * storage becomes unreachable (no close() in user code, as for CPU arrays). Work already queued
 * on the device's stream that reads the block runs before any later use of the block.
 */
public final class CudaStorage extends AbstractStorage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final CudaBackend backend;
  private final long pointer;

  CudaStorage(CudaBackend backend, DType dtype, int size, CachingAllocator allocator, CachingAllocator.Block block) {
    super(dtype, size);
    this.backend = backend;
    this.pointer = block.pointer();
    CLEANER.register(this, new Release(allocator, block));
  }

  /** Holds no reference to the storage, which it outlives. */
  private record Release(CachingAllocator allocator, CachingAllocator.Block block) implements Runnable {
    @Override
    public void run() {
      allocator.release(block);
    }
  }

  /** The device address of element 0. */
  public long pointer() {
    return pointer;
  }

  /** The device address of element {@code index}. */
  long address(int index) {
    return pointer + (long) index * dtype().byteSize();
  }

  @Override
  public Backend backend() {
    return backend;
  }
}
