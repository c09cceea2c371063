package dev.shinso.cli;

import dev.shinso.tensor.Device;
import picocli.CommandLine.Option;

/** {@code --device cpu|cuda[:N]}: where a command computes, checked before any work starts. */
public final class DeviceOption {
  @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}); cuda needs shinso-cuda on the class path and an "
          + "NVIDIA driver, and says which is missing instead of falling back to the CPU")
  String name;

  /** The device as given. */
  public String name() {
    return name.strip();
  }

  /** Whether the option names the CPU (the default), without starting any backend. */
  public boolean namesCpu() {
    return name.strip().equalsIgnoreCase("cpu");
  }

  /** The device, or a one-line IllegalStateException naming it and saying why it cannot be used. */
  public Device device() {
    try {
      return Device.parse(name);
    } catch (IllegalStateException e) {  // a backend that cannot start (no driver, no such GPU)
      throw new IllegalStateException("--device " + name.strip() + ": " + e.getMessage(), e);
    }
  }
}
