package dev.shinso.tensor;

import dev.shinso.backend.Backends;
import java.util.regex.Pattern;

/**
 * Where a tensor's storage lives: a device type ({@code cpu}, {@code cuda}, …) and an index among
 * the devices of that type, as torch.device. {@link #cuda(int)} and {@link #parse} check that a
 * backend for the device is present and working, and say in one line why not (no silent fall back).
 */
public record Device(String type, int index) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(:\\d+)?");  // before CPU: its constructor reads it
  public static final Device CPU = new Device("cpu", 0);

  public Device {
    if (type == null || !NAME.matcher(type).matches() || type.contains(":")) {
      throw new IllegalArgumentException("device: invalid device type '" + type + "'");
    }
    if (index < 0) throw new IllegalArgumentException("device: index must be >= 0, got " + type + ":" + index);
  }

  /** The first CUDA device; fails with the reason when shinso-cuda, its driver or a GPU is missing. */
  public static Device cuda() {
    return cuda(0);
  }

  public static Device cuda(int index) {
    return available(new Device("cuda", index));
  }

  /** "cpu", "cuda", "cuda:1", … (a missing index means 0); the device must be available. */
  public static Device parse(String name) {
    if (name == null || !NAME.matcher(name.trim()).matches()) {
      throw new IllegalArgumentException("device: cannot parse '" + name + "' (expected cpu, cuda or cuda:N)");
    }
    String n = name.trim();
    int colon = n.indexOf(':');
    Device d = colon < 0 ? new Device(n, 0) : new Device(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1)));
    return available(d);
  }

  private static Device available(Device d) {
    Backends.of(d);
    return d;
  }

  public boolean isCpu() {
    return type.equals("cpu");
  }

  @Override
  public String toString() {
    return isCpu() ? "cpu" : type + ":" + index;
  }
}
