package dev.shinso.distributed;

/**
 * How a ring all-reduce cuts length elements into n chunks: the first length % n chunks hold one
 * element more, so any length works, 0 and length < n included (some chunks are then empty).
 */
final class Chunks {
  private Chunks() {}

  /** Where chunk c starts, relative to the start of the data. */
  static int start(int length, int n, int c) {
    int base = length / n, extra = length % n;
    return c * base + Math.min(c, extra);
  }

  static int size(int length, int n, int c) {
    return length / n + (c < length % n ? 1 : 0);
  }
}
