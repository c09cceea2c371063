package dev.shinso.backend.cpu;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BackendProvider;

/** The CPU: one device, always there. */
public final class CpuBackendProvider implements BackendProvider {
  @Override
  public String type() {
    return "cpu";
  }

  @Override
  public Backend open(int index) {
    if (index != 0) throw new IllegalStateException("no device cpu:" + index + " (the CPU is device cpu:0)");
    return CpuBackend.INSTANCE;
  }
}
