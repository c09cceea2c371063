package dev.shinso;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.Generator;

/** Global settings: the default random generator and the number of intra-op threads. */
public final class Shinso {
  private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);

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

  public static Generator defaultGenerator() {
    return DEFAULT_GENERATOR;
  }
}
