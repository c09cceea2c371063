package dev.shinso.backend.cpu;

/** STUB (sequential) — to be replaced by the real shared intra-op pool. API is fixed. */
public final class IntraOpPool {
  private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  private IntraOpPool() {}

  public static int numThreads() { return threads; }

  public static void setNumThreads(int n) { threads = Math.max(1, n); }

  /** Splits [0, n) into contiguous chunks of at least minChunk and runs them, at most numThreads at once. */
  public static void parallelFor(int n, int minChunk, RangeTask task) {
    if (n > 0) task.run(0, n);
  }

  @FunctionalInterface
  public interface RangeTask {
    void run(int start, int end);
  }
}
