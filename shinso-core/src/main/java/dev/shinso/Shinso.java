package dev.shinso;

import dev.shinso.tensor.Generator;

/** Global settings: the default random generator. */
public final class Shinso {
  private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);

  private Shinso() {}

  /** Seeds the default generator, so that a run repeats bit for bit on the same machine and thread count. */
  public static void manualSeed(long seed) {
    DEFAULT_GENERATOR.manualSeed(seed);
  }

  public static Generator defaultGenerator() {
    return DEFAULT_GENERATOR;
  }
}
