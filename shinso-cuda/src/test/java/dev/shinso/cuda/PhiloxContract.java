package dev.shinso.cuda;

import dev.shinso.backend.Backend.RandomKind;

/**
 * The contract of Backend.random written out in Java, as the test's reference: Philox4x32-10 and
 * the element → counter → number mapping. It repeats what the core's counter-based generator
 * (Philox, RandomBits, RandomKernels) does on the CPU; once that is merged, the tests should use
 * the core's classes and this file go.
 */
final class PhiloxContract {
  private PhiloxContract() {}

  /** The four words of counter (c0..c3) under key (k0, k1). */
  static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
    for (int r = 0; r < 10; r++) {
      long p0 = 0xD2511F53L * (c0 & 0xFFFFFFFFL), p1 = 0xCD9E8D57L * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0, n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      c1 = (int) p1;
      c3 = (int) p0;
      c0 = n0;
      c2 = n2;
      k0 += 0x9E3779B9;
      k1 += 0xBB67AE85;
    }
    return new int[] {c0, c1, c2, c3};
  }

  static int[] block(long seed, long c) {
    return philox((int) c, (int) (c >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
  }

  static long join(int lo, int hi) {
    return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
  }

  /** Element i of a float32 fill starting at counter {@code offset}. */
  static float element(RandomKind kind, long seed, long offset, int i, double p, double q) {
    switch (kind) {
      case UNIFORM, BERNOULLI -> {
        float u = ((block(seed, offset + i / 4)[i % 4]) >>> 8) * 0x1.0p-24f;
        return kind == RandomKind.UNIFORM ? (float) (p + (q - p) * u) : u < p ? 1f : 0f;
      }
      case NORMAL -> {
        int[] w = block(seed, offset + i / 2);
        double u1 = ((join(w[0], w[1]) >>> 11) + 1) * 0x1.0p-53;
        double u2 = (join(w[2], w[3]) >>> 11) * 0x1.0p-53;
        double r = Math.sqrt(-2 * Math.log(u1)), theta = 2 * Math.PI * u2;
        return (float) (p + q * (i % 2 == 0 ? r * Math.cos(theta) : r * Math.sin(theta)));
      }
      case INTEGER -> {
        long lo = (long) p;
        return lo + integer(seed, offset, i, (long) q - lo);
      }
    }
    throw new AssertionError(kind);
  }

  /** The unsigned remainder of element i's 64-bit word of an INTEGER fill. */
  static long integer(long seed, long offset, int i, long span) {
    int[] w = block(seed, offset + i / 2);
    long word = i % 2 == 0 ? join(w[0], w[1]) : join(w[2], w[3]);
    return Long.remainderUnsigned(word, span);
  }
}
