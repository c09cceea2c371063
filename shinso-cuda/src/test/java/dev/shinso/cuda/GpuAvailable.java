package dev.shinso.cuda;

import dev.shinso.backend.Backends;
import dev.shinso.cuda.driver.NativeLibraries;
import dev.shinso.tensor.Device;
import org.junit.jupiter.api.Assumptions;

/** Whether the GPU tests can run here, and the reason they are skipped when not. */
public final class GpuAvailable {
  private static final String REASON = reason();

  private GpuAvailable() {}

  /** Skips the calling test, naming why, unless cuda:0 opens. */
  public static void assumeGpu() {
    Assumptions.assumeTrue(REASON == null, () -> "GPU test skipped: " + REASON);
  }

  public static boolean present() {
    return REASON == null;
  }

  private static String reason() {
    if (NativeLibraries.driver().isEmpty()) return "no CUDA driver (libcuda.so.1 not found)";
    try {
      Backends.of(new Device("cuda", 0));
      return null;
    } catch (IllegalStateException e) {
      return "cuda:0 does not open: " + e.getMessage();
    }
  }
}
