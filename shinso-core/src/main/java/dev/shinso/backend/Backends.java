package dev.shinso.backend;

import dev.shinso.tensor.Device;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the backend of a device among the {@link BackendProvider}s on the class path. */
public final class Backends {
  private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
  private static volatile Map<String, BackendProvider> providers;

  private Backends() {}

  /** The device's backend, opened once; an IllegalStateException says why a device cannot be used. */
  public static Backend of(Device device) {
    Backend b = OPEN.get(device);
    return b != null ? b : OPEN.computeIfAbsent(device, Backends::open);
  }

  private static Backend open(Device device) {
    BackendProvider p = providers().get(device.type());
    if (p == null) {
      String hint = device.type().equals("cuda") ? "; add shinso-cuda to the class path" : "";
      throw new IllegalStateException("no backend for device " + device + " (backends found: "
          + String.join(", ", providers().keySet()) + ")" + hint);
    }
    Backend b = p.open(device.index());
    if (!b.device().equals(device)) {
      throw new IllegalStateException("backend " + p.getClass().getName() + " opened " + b.device() + " for " + device);
    }
    return b;
  }

  /** The device types with a provider on the class path, by name. */
  public static Map<String, BackendProvider> providers() {
    Map<String, BackendProvider> p = providers;
    if (p == null) {
      Map<String, BackendProvider> found = new TreeMap<>();
      for (BackendProvider bp : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
        found.putIfAbsent(bp.type(), bp);
      }
      providers = p = java.util.Collections.unmodifiableMap(found);
    }
    return p;
  }
}
