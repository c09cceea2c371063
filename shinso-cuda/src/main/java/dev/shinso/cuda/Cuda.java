package dev.shinso.cuda;

import dev.shinso.Shinso;
import dev.shinso.backend.Backends;
import dev.shinso.cuda.memory.MemoryStats;
import dev.shinso.tensor.Device;

/**
 * CUDA settings and statistics, as {@code torch.cuda}: memory as the caching allocator sees it,
 * returning its cache, and whether matmul may use TF32 tensor cores (the switch is
 * {@link Shinso#allowTf32(boolean)}, off by default; these two only forward to it).
 */
public final class Cuda {

  private Cuda() {}

  /** Memory of cuda:0. */
  public static MemoryStats memoryStats() {
    return memoryStats(0);
  }

  public static MemoryStats memoryStats(int device) {
    return backend(device).memoryStats();
  }

  /** Starts the peak of cuda:N over from the bytes allocated now. */
  public static void resetPeakMemory(int device) {
    backend(device).allocator().resetPeak();
  }

  /** Returns the cached blocks of cuda:N to the driver (for other processes; shinso reuses them anyway). */
  public static void emptyCache(int device) {
    backend(device).allocator().emptyCache();
  }

  public static void setAllowTf32(boolean allow) {
    Shinso.allowTf32(allow);
  }

  public static boolean allowTf32() {
    return Shinso.allowTf32();
  }

  private static volatile boolean cudnn = true;

  /**
   * Whether convolutions may use cuDNN where it was found (default; SHINSO_CUDNN=0 keeps it from
   * even loading). Off, they take shinso's own path: for comparisons and for a suspected cuDNN fault.
   */
  public static void setCudnnEnabled(boolean enabled) {
    cudnn = enabled;
  }

  public static boolean cudnnEnabled() {
    return cudnn;
  }

  /** Whether SHINSO_CUDA_SYNC=1 (or -Dshinso.cuda.sync=true): wait after every launch, as CUDA_LAUNCH_BLOCKING=1. */
  static boolean synchronous() {
    return "1".equals(System.getenv("SHINSO_CUDA_SYNC")) || Boolean.getBoolean("shinso.cuda.sync");
  }

  private static CudaBackend backend(int device) {
    return (CudaBackend) Backends.of(new Device("cuda", device));
  }
}
