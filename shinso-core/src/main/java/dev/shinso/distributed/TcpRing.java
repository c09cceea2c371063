package dev.shinso.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ProcessGroup} over long-lived TCP connections in a ring: rank r sends to rank (r + 1) % N
 * and receives from rank (r - 1) % N.
 *
 * <p>All-reduce is the bandwidth-optimal ring algorithm: the data is cut into N chunks
 * ({@code Chunks}); in N - 1 reduce-scatter steps each chunk travels once around the ring collecting
 * every rank's addend, chunk c starting at rank c, so its sum is always ((x_c + x_c+1) + ...) + x_c-1
 * in that order; in N - 1 all-gather steps the finished chunks are copied around. Every rank thus
 * ends with the same bits, and each sends and receives 2 (N - 1) / N of the data. Broadcast is a
 * pipelined chain from the root. See docs/distributed.md for the failure behaviour.
 */
public final class TcpRing implements ProcessGroup {
  private static final float[] NO_FLOATS = {};

  private final int rank, size;
  private final RingLink link;
  private final Header header = new Header();
  private int seq;
  private RuntimeException broken;
  private boolean closed;

  private TcpRing(int rank, int size, RingLink link) {
    this.rank = rank;
    this.size = size;
    this.link = link;
  }

  /**
   * Connects this rank to its ring neighbours. peers holds every rank's address in rank order (the
   * same list on every rank); listener is already bound to peers.get(rank) and now belongs to the
   * group, which closes it. timeout bounds the handshake and every later wait for a neighbour. With
   * one peer the group does nothing and needs no connection.
   */
  public static ProcessGroup connect(int rank, List<InetSocketAddress> peers, ServerSocketChannel listener,
      Duration timeout) {
    Objects.requireNonNull(listener, "connect: listener");
    if (peers.isEmpty()) throw new IllegalArgumentException("connect: no peers");
    if (rank < 0 || rank >= peers.size()) {
      throw new IllegalArgumentException("connect: rank " + rank + " is not in [0, " + peers.size() + ")");
    }
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("connect: timeout " + timeout);
    List<InetSocketAddress> all = List.copyOf(peers);
    if (all.size() == 1) {
      closeQuietly(listener);
      return new SoloGroup();
    }
    long nanos = timeout.toNanos();
    try {
      SocketChannel[] pn = new Handshake(rank, all, System.nanoTime() + nanos).run(listener);
      return new TcpRing(rank, all.size(), new RingLink(rank, all, nanos, listener, pn[0], pn[1]));
    } catch (IOException e) {
      closeQuietly(listener);
      throw new IllegalStateException("connect: rank " + rank + " of " + all.size() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(listener);
      throw e;
    }
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public synchronized void allReduceSum(float[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    usable("all-reduce");
    header.set(Header.ALL_REDUCE, ++seq, length, 0, 0);
    try {
      int n = size;
      for (int k = 0; k < n - 1; k++) { // reduce-scatter: chunk c's partial sum travels from rank c onwards
        int s = Math.floorMod(rank - k, n), r = Math.floorMod(rank - k - 1, n);
        link.step("all-reduce", header, k == 0, data, true, offset + Chunks.start(length, n, s), Chunks.size(length, n, s),
            true, offset + Chunks.start(length, n, r), Chunks.size(length, n, r), RingLink.Mode.ADD);
      }
      for (int k = 0; k < n - 1; k++) { // all-gather: rank r holds the finished chunk r + 1 and passes it on
        int s = Math.floorMod(rank + 1 - k, n), r = Math.floorMod(rank - k, n);
        link.step("all-reduce", header, false, data, true, offset + Chunks.start(length, n, s), Chunks.size(length, n, s),
            true, offset + Chunks.start(length, n, r), Chunks.size(length, n, r), RingLink.Mode.COPY);
      }
    } catch (RuntimeException e) {
      throw breakWith(e);
    }
  }

  @Override
  public synchronized void broadcast(float[] data, int offset, int length, int root) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (root < 0 || root >= size) throw new IllegalArgumentException("broadcast: root " + root + " is not in [0, " + size + ")");
    usable("broadcast");
    header.set(Header.BROADCAST, ++seq, length, root, 0);
    int hop = Math.floorMod(rank - root, size);
    boolean send = hop < size - 1, recv = hop > 0;
    try {
      link.step("broadcast", header, true, data, send, offset, length, recv, offset, length,
          send && recv ? RingLink.Mode.FORWARD : RingLink.Mode.COPY);
    } catch (RuntimeException e) {
      throw breakWith(e);
    }
  }

  @Override
  public synchronized long[] allGather(long value) {
    usable("all-gather");
    long[] out = new long[size];
    out[rank] = value;
    ++seq;
    try {
      for (int k = 0; k < size - 1; k++) {
        int s = Math.floorMod(rank - k, size), r = Math.floorMod(rank - k - 1, size);
        header.set(Header.ALL_GATHER, seq, 0, 0, out[s]);
        link.step("all-gather", header, true, NO_FLOATS, true, 0, 0, true, 0, 0,
            RingLink.Mode.COPY);
        out[r] = link.receivedValue();
      }
    } catch (RuntimeException e) {
      throw breakWith(e);
    }
    return out;
  }

  @Override
  public void barrier() {
    allGather(0);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    link.close();
  }

  private void usable(String op) {
    if (broken != null) {
      throw new IllegalStateException(op + ": rank " + rank + "'s group failed earlier and cannot be used: "
          + broken.getMessage(), broken);
    }
    if (closed) throw new IllegalStateException(op + ": rank " + rank + "'s group is closed");
  }

  /** The first error makes the group unusable; closing it lets the neighbours see the end at once. */
  private RuntimeException breakWith(RuntimeException e) {
    broken = e;
    closed = true;
    link.close();
    return e;
  }

  private static void closeQuietly(ServerSocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
