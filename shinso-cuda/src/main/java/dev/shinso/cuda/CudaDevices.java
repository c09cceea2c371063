package dev.shinso.cuda;

import dev.shinso.cuda.driver.Cublas;
import dev.shinso.cuda.driver.Driver;
import dev.shinso.cuda.driver.Ptx;
import java.util.ArrayList;
import java.util.List;

/** The CUDA devices of this machine, for {@code shinso devices}; no device is opened to list them. */
public final class CudaDevices {
  private CudaDevices() {}

  /** One GPU: its name, memory in bytes and compute capability. */
  public record Info(int index, String name, long memory, String computeCapability) {
    @Override
    public String toString() {
      return String.format("cuda:%d %s, %.1f GiB, compute capability %s", index, name, memory / (double) (1L << 30),
          computeCapability);
    }
  }

  /**
   * The devices with the driver's CUDA version and cuBLAS's; {@code problem} is null when they can
   * be used, else the one-line reason: with no devices, why there are none; with devices, what
   * keeps shinso from them (kernels not compiled, no cuBLAS).
   */
  public record Listing(List<Info> devices, String driverVersion, String cublasVersion, String problem) {
    @Override
    public String toString() {
      if (devices.isEmpty()) return "no CUDA devices: " + problem;
      StringBuilder s = new StringBuilder("CUDA driver " + driverVersion + ", cuBLAS " + cublasVersion + "\n");
      for (Info d : devices) s.append(d).append('\n');
      if (problem != null) s.append("unusable: ").append(problem).append('\n');
      return s.toString();
    }
  }

  public static Listing list() {
    Driver driver;
    int count;
    try {
      driver = Driver.get();
      count = driver.deviceCount();
    } catch (IllegalStateException e) {
      return new Listing(List.of(), null, null, e.getMessage());
    }
    if (count == 0) return new Listing(List.of(), null, null, "no CUDA device");
    List<Info> devices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int d = driver.device(i);
      devices.add(new Info(i, driver.deviceName(d), driver.totalMemory(d),
          driver.attribute(Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d) + "."
              + driver.attribute(Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d)));
    }
    String cublas = null, problem = Ptx.compiled() ? null : Ptx.NOT_COMPILED;
    try {
      cublas = Cublas.get().version();
    } catch (IllegalStateException e) {
      problem = problem == null ? e.getMessage() : problem;
    }
    return new Listing(List.copyOf(devices), Driver.versionString(driver.driverVersion()), cublas, problem);
  }
}
