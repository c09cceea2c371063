package dev.shinso.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Rank tasks for the tests, as static methods: a lambda in a test would capture the (unserializable) test. */
final class RingTasks {
  private RingTasks() {}

  /** What a rank saw, and the rank number it received over TCP from the previous rank in the ring. */
  record RankView(int rank, int size, List<String> peers, String listener, int fromPrevious, long pid) implements Serializable {}

  /** Sends this rank's number to the next rank and receives the previous one's: the peers list really connects. */
  static RankView ring(int rank, int size, ServerSocketChannel listener, List<InetSocketAddress> peers) throws IOException {
    try (SocketChannel next = SocketChannel.open(peers.get((rank + 1) % size))) {
      next.write(ByteBuffer.allocate(4).putInt(0, rank));
      try (SocketChannel previous = listener.accept()) {
        ByteBuffer in = ByteBuffer.allocate(4);
        while (in.hasRemaining()) if (previous.read(in) < 0) throw new IOException("rank " + rank + ": previous rank hung up");
        return new RankView(rank, size, peers.stream().map(InetSocketAddress::toString).toList(),
            listener.getLocalAddress().toString(), in.getInt(0), ProcessHandle.current().pid());
      }
    }
  }

  /** Rank 1 throws; the others wait for a peer that never comes (as a ring would), until Spark kills them. */
  static Integer failOnRankOne(int rank, int size, ServerSocketChannel listener, List<InetSocketAddress> peers)
      throws IOException {
    if (rank == 1) throw new IllegalStateException("deliberate failure in the test");
    listener.accept().close();
    return rank;
  }

  /** Waits for a connection that never comes: the rank stays busy until Spark kills it, or its executor dies. */
  static Integer waitForever(int rank, int size, ServerSocketChannel listener, List<InetSocketAddress> peers)
      throws IOException {
    listener.accept().close();
    return rank;
  }
}
