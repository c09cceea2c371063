package dev.shinso.tensor;

/**
 * How shinso turns Philox words into numbers. The generator's host draws and every backend's random
 * fill decode through these, so a number drawn on one device is the same number on another.
 */
public final class RandomBits {
  private RandomBits() {}

  /** The top 24 bits of a word as a float in [0, 1): (w >>> 8)·2⁻²⁴, never 1. */
  public static float uniform(int w) {
    return (w >>> 8) * 0x1.0p-24f;
  }

  /** Two words as one 64-bit value, {@code lo} in the low half. */
  public static long join(int lo, int hi) {
    return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
  }

  /**
   * Box–Muller on one counter's four words {@code w[at .. at+3]}, in double: u1 = ((w0 | w1≪32) >>> 11 + 1)·2⁻⁵³ in (0, 1]
   * (so the log stays finite), u2 = ((w2 | w3≪32) >>> 11)·2⁻⁵³ in [0, 1), r = √(−2 ln u1),
   * θ = 2π·u2; z[0] = r·cos θ, z[1] = r·sin θ.
   */
  public static void normalPair(int[] w, int at, double[] z) {
    double u1 = ((join(w[at], w[at + 1]) >>> 11) + 1) * 0x1.0p-53;
    double u2 = (join(w[at + 2], w[at + 3]) >>> 11) * 0x1.0p-53;
    double r = Math.sqrt(-2 * Math.log(u1));
    double theta = 2 * Math.PI * u2;
    z[0] = r * Math.cos(theta);
    z[1] = r * Math.sin(theta);
  }
}
