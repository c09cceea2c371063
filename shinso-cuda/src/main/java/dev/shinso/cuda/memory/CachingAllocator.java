package dev.shinso.cuda.memory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory for tensors, cached as PyTorch's CUDACachingAllocator does, simplified: sizes are
 * rounded ({@link SizeClasses}), a block whose storage became unreachable goes back to the free list
 * of its size (the storage's Cleaner calls {@link #release}), and an allocation takes a cached block
 * of its size before it asks the driver. Blocks are reused only by work queued on the one stream of
 * the device, after the work that used them, so a block can be reused as soon as it is released.
 *
 * <p>When the driver is out of memory, the cache is returned to it and the allocation tried again;
 * then the garbage collector is run and the cleaner given a moment to release unreachable tensors,
 * and one last try made; then an IllegalStateException gives the size and the allocator's state.
 */
public final class CachingAllocator {
  /** The driver's side: a pointer or 0 when out of memory, a free, and a wait for queued work. */
  public interface Device {
    long malloc(long bytes);

    void free(long pointer);

    void synchronize();
  }

  /** A block of device memory, of a rounded size. */
  public record Block(long pointer, long size) {}

  private static final long CLEANER_WAIT_MS = 200;

  private final Device device;
  private final String name;
  private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
  private long allocated, reserved, peak, releases;

  /** name: the device in messages, e.g. "cuda:0". */
  public CachingAllocator(Device device, String name) {
    this.device = device;
    this.name = name;
  }

  /** A block of at least {@code bytes} bytes. */
  public Block allocate(long bytes) {
    long size = SizeClasses.round(bytes);
    Block b = tryAllocate(size);
    if (b != null) return b;
    awaitCleaner();
    b = tryAllocate(size);
    if (b != null) return b;
    MemoryStats s = stats();
    throw new IllegalStateException(name + ": out of memory allocating " + bytes + " bytes (" + size + " rounded): "
        + s.allocated() + " bytes allocated to tensors, " + s.reserved() + " reserved (after returning the cache to "
        + "the driver and a garbage collection)");
  }

  /** Returns a block to its free list (called by the cleaner of the storage that held it). */
  public synchronized void release(Block b) {
    free.computeIfAbsent(b.size(), s -> new ArrayDeque<>()).push(b.pointer());
    allocated -= b.size();
    releases++;
  }

  /** Returns every cached block to the driver (after the queued work that may use them). */
  public synchronized void emptyCache() {
    if (free.isEmpty()) return;
    device.synchronize();
    free.forEach((size, pointers) -> {
      for (long p : pointers) {
        device.free(p);
        reserved -= size;
      }
    });
    free.clear();
  }

  public synchronized MemoryStats stats() {
    return new MemoryStats(allocated, reserved, peak);
  }

  /** Starts the peak over from the bytes allocated now. */
  public synchronized void resetPeak() {
    peak = allocated;
  }

  private synchronized Block tryAllocate(long size) {
    ArrayDeque<Long> cached = free.get(size);
    long pointer;
    if (cached != null && !cached.isEmpty()) {
      pointer = cached.pop();
    } else {
      pointer = device.malloc(size);
      if (pointer == 0 && !free.isEmpty()) {
        emptyCache();
        pointer = device.malloc(size);
      }
      if (pointer == 0) return null;
      reserved += size;
    }
    allocated += size;
    peak = Math.max(peak, allocated);
    return new Block(pointer, size);
  }

  /** Runs the collector and waits (briefly) for the cleaner to release what became unreachable. */
  private void awaitCleaner() {
    long before;
    synchronized (this) {
      before = releases;
    }
    System.gc();
    long deadline = System.nanoTime() + CLEANER_WAIT_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (releases != before) return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
