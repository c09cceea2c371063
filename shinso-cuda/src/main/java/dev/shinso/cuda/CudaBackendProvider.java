package dev.shinso.cuda;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BackendProvider;
import dev.shinso.cuda.driver.DriverGpu;

/**
 * Serves devices {@code cuda:N}. Opening one loads the driver, its kernels and cuBLAS, or fails
 * with one line that says why (see {@link DriverGpu#open}); it never falls back to the CPU.
 */
public final class CudaBackendProvider implements BackendProvider {
  @Override
  public String type() {
    return "cuda";
  }

  @Override
  public Backend open(int index) {
    return new CudaBackend(index, DriverGpu.open(index), Cuda.synchronous());
  }
}
