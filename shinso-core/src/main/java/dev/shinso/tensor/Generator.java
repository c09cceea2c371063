package dev.shinso.tensor;

/**
 * A seeded pseudo-random generator (SplitMix64). Its whole state is two longs and a float, so a
 * checkpoint can save and restore it and a run repeats bit for bit.
 */
public final class Generator {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;
  private boolean hasSpareGaussian;
  private float spareGaussian;

  public Generator(long seed) {
    manualSeed(seed);
  }

  public synchronized void manualSeed(long seed) {
    state = seed;
    hasSpareGaussian = false;
  }

  public synchronized long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1), 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [0, bound). */
  public long nextLong(long bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0) return r & m;
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {}
    return r;
  }

  /** Standard normal by Box–Muller; pairs are generated together and the second is kept. */
  public synchronized float nextGaussian() {
    if (hasSpareGaussian) {
      hasSpareGaussian = false;
      return spareGaussian;
    }
    double u1 = ((nextLong() >>> 11) + 1) * 0x1.0p-53; // (0, 1]: log stays finite
    double u2 = (nextLong() >>> 11) * 0x1.0p-53;
    double r = Math.sqrt(-2 * Math.log(u1));
    spareGaussian = (float) (r * Math.sin(2 * Math.PI * u2));
    hasSpareGaussian = true;
    return (float) (r * Math.cos(2 * Math.PI * u2));
  }

  /** The state, for checkpoints: {seed-state, hasSpare (0/1), spare float bits}. */
  public synchronized long[] getState() {
    return new long[] {state, hasSpareGaussian ? 1 : 0, Float.floatToRawIntBits(spareGaussian)};
  }

  public synchronized void setState(long[] s) {
    if (s.length != 3) throw new IllegalArgumentException("generator state must have 3 longs, got " + s.length);
    state = s[0];
    hasSpareGaussian = s[1] != 0;
    spareGaussian = Float.intBitsToFloat((int) s[2]);
  }
}
