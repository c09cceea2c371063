package dev.shinso.cuda.memory;

/**
 * The sizes the caching allocator hands out, so that a freed block fits later requests of about
 * its size: below 1 MiB multiples of 512 bytes; from 1 MiB on, four steps per power of two
 * (1, 1.25, 1.5, 1.75 MiB, 2, 2.5, …), which wastes at most a quarter of a large block.
 */
public final class SizeClasses {
  public static final long SMALL_STEP = 512;
  public static final long LARGE = 1 << 20;

  private SizeClasses() {}

  public static long round(long bytes) {
    if (bytes < 0) throw new IllegalArgumentException("SizeClasses.round: negative size " + bytes);
    if (bytes <= SMALL_STEP) return SMALL_STEP;
    if (bytes < LARGE) return roundUp(bytes, SMALL_STEP);
    long step = Long.highestOneBit(bytes) / 4;
    return roundUp(bytes, step);
  }

  private static long roundUp(long bytes, long step) {
    return (bytes + step - 1) / step * step;
  }
}
