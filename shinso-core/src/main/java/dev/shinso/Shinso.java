package dev.shinso;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;

/**
 * Global settings: the default random generator, the default device, the number of intra-op threads
 * and whether GPU matmuls and convolutions may use TF32.
 */
public final class Shinso {
  private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);
  private static volatile Device defaultDevice;
  private static volatile boolean allowTf32;

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

  /**
   * Lets a GPU backend compute float32 matmuls and convolutions with TF32 tensor cores (10 bits of
   * mantissa instead of 23, several times faster), as PyTorch's
   * {@code torch.backends.cuda.matmul.allow_tf32}. Off by default, so results match the CPU to float32
   * rounding unless asked; the CPU backend ignores it.
   */
  public static void allowTf32(boolean allow) {
    allowTf32 = allow;
  }

  public static boolean allowTf32() {
    return allowTf32;
  }

  public static Generator defaultGenerator() {
    return DEFAULT_GENERATOR;
  }
}
