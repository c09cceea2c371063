package dev.shinso.cuda.memory;

/**
 * Device memory of one GPU as shinso's allocator sees it, in bytes (rounded block sizes): held by
 * live tensors, reserved from the driver (allocated plus cached), and the peak of allocated since
 * the start or the last reset. As torch.cuda.memory_allocated, memory_reserved, max_memory_allocated.
 */
public record MemoryStats(long allocated, long reserved, long peak) {
  @Override
  public String toString() {
    return String.format("allocated %.1f MiB, reserved %.1f MiB, peak %.1f MiB", mib(allocated), mib(reserved),
        mib(peak));
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
