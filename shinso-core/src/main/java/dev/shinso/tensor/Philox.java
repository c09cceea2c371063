package dev.shinso.tensor;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC11; Random123's
 * {@code philox4x32_R(10, ctr, key)}): a pure function from a 128-bit counter and a 64-bit key to
 * four 32-bit words. Counter-based, so any element of a stream can be computed from its index
 * alone: this is what lets a CPU and a GPU kernel draw the same numbers in any thread order.
 */
public final class Philox {
  static final long M0 = 0xD2511F53L, M1 = 0xCD9E8D57L; // round multipliers, as unsigned
  static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85; // Weyl key increments
  public static final int ROUNDS = 10;

  private Philox() {}

  /** The four output words for {@code counter} (4 words) under {@code key} (2 words), as Random123 lists them. */
  public static int[] philox4x32(int[] counter, int[] key) {
    if (counter.length != 4 || key.length != 2) {
      throw new IllegalArgumentException("Philox.philox4x32: counter must have 4 words and key 2, got "
          + counter.length + " and " + key.length);
    }
    int[] out = new int[4];
    rounds(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
    return out;
  }

  /**
   * shinso's use: counter value {@code c} is the 128-bit counter (c low 32, c high 32, 0, 0) and the
   * seed is the key (seed low 32, seed high 32). Writes the four words into {@code out[at .. at+3]}.
   */
  public static void block(long seed, long c, int[] out, int at) {
    rounds((int) c, (int) (c >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out, at);
  }

  private static void rounds(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int at) {
    for (int r = 0; r < ROUNDS; r++) {
      long p0 = M0 * (c0 & 0xFFFFFFFFL); // 32×32 → 64 bits: high word and low word
      long p1 = M1 * (c2 & 0xFFFFFFFFL);
      c0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      c1 = (int) p1;
      c2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      c3 = (int) p0;
      k0 += W0; // the last bump is unused, as in Random123
      k1 += W1;
    }
    out[at] = c0;
    out[at + 1] = c1;
    out[at + 2] = c2;
    out[at + 3] = c3;
  }
}
