package dev.shinso.distributed;

import java.nio.ByteBuffer;

/**
 * What every rank believes the current collective is. Sent ahead of a collective's first step, so a
 * rank that calls a different collective, or the same with another length or root, fails at once
 * with both descriptions instead of summing the wrong bytes. Mutable and reused: no garbage per call.
 */
final class Header {
  static final int ALL_REDUCE = 1, BROADCAST = 2, ALL_GATHER = 3;

  int op, seq, length, root;
  long value;

  Header set(int op, int seq, int length, int root, long value) {
    this.op = op;
    this.seq = seq;
    this.length = length;
    this.root = root;
    this.value = value;
    return this;
  }

  void write(ByteBuffer b) {
    b.putInt(op).putInt(seq).putInt(length).putInt(root).putLong(value);
  }

  /** Compares the header at the start of b with this one. */
  void check(String name, ByteBuffer b, int from, String address) {
    int o = b.getInt(0), s = b.getInt(4), l = b.getInt(8), r = b.getInt(12);
    if (o != op || s != seq || l != length || r != root) {
      throw new IllegalStateException(name + ": rank " + from + " (" + address + ") is in " + describe(o, s, l, r)
          + " while this rank is in " + describe(op, seq, length, root)
          + "; every rank must call the same collectives in the same order");
    }
  }

  private static String describe(int op, int seq, int length, int root) {
    return switch (op) {
      case ALL_REDUCE -> "all-reduce #" + seq + " of " + length + " floats";
      case BROADCAST -> "broadcast #" + seq + " of " + length + " floats from rank " + root;
      case ALL_GATHER -> "all-gather #" + seq;
      default -> "an unknown message (" + op + ")";
    };
  }
}
