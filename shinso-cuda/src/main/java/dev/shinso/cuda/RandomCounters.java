package dev.shinso.cuda;

import dev.shinso.tensor.Generator;

/**
 * Where a random fill's Philox counters come from: the generator's seed (the key) and the first of
 * the {@code counters} counters it reserves, as Backend.random specifies.
 *
 * <p>TEMPORARY ADAPTER, until the core's counter-based Generator (seed, offset, {@code reserve})
 * is merged. Meanwhile the key is drawn from the SplitMix64 generator and the counters start at 0:
 * a seed still repeats a run, but the numbers are not yet the CPU's. At the merge, replace the
 * body of {@link #reserve} with its commented line, and the numbers are the CPU's bit for bit.
 */
final class RandomCounters {
  record Start(long seed, long offset) {}

  private RandomCounters() {}

  static Start reserve(Generator g, long counters) {
    // synchronized (g) { return new Start(g.initialSeed(), g.reserve(counters)); }
    return new Start(g.nextLong(), 0);
  }
}
