package dev.shinso.cuda;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BackendProvider;
import dev.shinso.cuda.driver.DriverGpu;

/**
 * Serves devices {@code cuda:N}. Opening one loads the driver, its kernels and cuBLAS, or fails
 * with one line that says why (see {@link DriverGpu#open}); it never falls back to the CPU. Without
 * cuDNN the device still opens, and says once that convolutions take the slower path.
 */
public final class CudaBackendProvider implements BackendProvider {
  @Override
  public String type() {
    return "cuda";
  }

  @Override
  public Backend open(int index) {
    DriverGpu gpu = DriverGpu.open(index);
    CudaBackend backend = new CudaBackend(index, gpu, Cuda.synchronous());
    CudnnNotice.sayIfMissing(gpu);
    return backend;
  }
}
