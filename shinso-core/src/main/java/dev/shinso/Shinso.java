package dev.shinso;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;

/** Global settings: the default random generator, the default device and the number of intra-op threads. */
public final class Shinso {
  private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);
  private static volatile Device defaultDevice;

  private Shinso() {}

  /** Seeds the default generator, so that a run repeats bit for bit on the same machine and thread count. */
  public static void manualSeed(long seed) {
    DEFAULT_GENERATOR.manualSeed(seed);
  }

  /** Threads the CPU kernels use from now on, as {@code torch.set_num_threads} (default: cores, or $SHINSO_NUM_THREADS). */
  public static void setNumThreads(int threads) {
    IntraOpPool.setNumThreads(threads);
  }

  public static int numThreads() {
    return IntraOpPool.numThreads();
  }

  /**
   * The device of tensors made by factories that are not given one (as torch.set_default_device):
   * the CPU, or the device named by the system property {@code shinso.device} (e.g.
   * {@code -Dshinso.device=cuda:0}). Modules built afterwards put their parameters there too.
   */
  public static Device defaultDevice() {
    Device d = defaultDevice;
    if (d == null) {
      String name = System.getProperty("shinso.device");
      defaultDevice = d = name == null || name.isBlank() ? Device.CPU : Device.parse(name);
    }
    return d;
  }

  public static void setDefaultDevice(Device device) {
    defaultDevice = java.util.Objects.requireNonNull(device, "device");
  }

  public static Generator defaultGenerator() {
    return DEFAULT_GENERATOR;
  }
}
