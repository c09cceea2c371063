package dev.shinso.distributed;

/**
 * The collectives data-parallel training needs, among {@link #size()} processes that each hold one
 * rank. Every rank must call the same collectives in the same order with the same lengths; a call
 * blocks until this rank's part is done. A group is used from one thread at a time. After any error
 * the group is unusable: every later call throws.
 */
public interface ProcessGroup extends AutoCloseable {
  int rank();

  int size();

  /**
   * Replaces data[offset, offset + length) on every rank with the element-wise sum over all ranks,
   * bit-identical on every rank.
   */
  void allReduceSum(float[] data, int offset, int length);

  /** Copies root's data[offset, offset + length) into every other rank's. */
  void broadcast(float[] data, int offset, int length, int root);

  /** Every rank's value, indexed by rank (for small checks: hashes, counts). */
  long[] allGather(long value);

  /** Returns once every rank has called it. */
  void barrier();

  /** Closes the connections; a neighbour still in a collective fails at once, naming this rank. */
  @Override
  void close();
}
