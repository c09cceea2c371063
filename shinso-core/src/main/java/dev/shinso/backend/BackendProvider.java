package dev.shinso.backend;

/**
 * Makes the backends of one device type; found by {@link java.util.ServiceLoader} (a module lists
 * its provider in {@code META-INF/services/dev.shinso.backend.BackendProvider}), so that adding
 * shinso-cuda to the class path is all it takes to reach {@code cuda} devices.
 */
public interface BackendProvider {
  /** The device type this provider serves, e.g. {@code cpu} or {@code cuda}. */
  String type();

  /**
   * The backend of device {@code index} of this type, opened on first use. Throws an
   * {@link IllegalStateException} whose message says in one line why the device cannot be used
   * (a library not found, no such device, a driver too old).
   */
  Backend open(int index);
}
