package dev.shinso.backend;

import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.tensor.Device;

/** Finds the backend for a device. CUDA backends will register here through ServiceLoader. */
public final class Backends {
  private Backends() {}

  public static Backend of(Device device) {
    if (device.type().equals("cpu")) return CpuBackend.INSTANCE;
    throw new IllegalArgumentException("no backend for device " + device + " (only cpu is available)");
  }
}
