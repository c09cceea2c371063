package dev.shinso.distributed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Opens a rank's two ring connections: it connects to the next rank and accepts the previous one,
 * and each side checks the other's rank and the world size, so two groups that got their addresses
 * mixed up fail at once instead of summing each other's gradients. Every wait ends at the deadline.
 */
final class Handshake {
  private static final int MAGIC = 0x5348_4e52; // "SHNR"

  private final int rank, size;
  private final List<InetSocketAddress> peers;
  private final long deadline;

  Handshake(int rank, List<InetSocketAddress> peers, long deadline) {
    this.rank = rank;
    this.size = peers.size();
    this.peers = peers;
    this.deadline = deadline;
  }

  /** Returns {prev, next}. */
  SocketChannel[] run(ServerSocketChannel listener) throws IOException {
    int nextRank = (rank + 1) % size, prevRank = (rank - 1 + size) % size;
    SocketChannel next = connect(peers.get(nextRank), nextRank);
    SocketChannel prev = null;
    try {
      writeHello(next);
      prev = accept(listener, prevRank);
      readHello(prev, prevRank, "the connection accepted from");
      writeHello(prev);
      readHello(next, nextRank, "the connection to");
      return new SocketChannel[] {prev, next};
    } catch (IOException | RuntimeException e) {
      next.close();
      if (prev != null) prev.close();
      throw e;
    }
  }

  private SocketChannel connect(InetSocketAddress to, int r) throws IOException {
    while (true) {
      SocketChannel c = SocketChannel.open();
      try {
        tune(c);
        c.socket().connect(to, (int) Math.max(1, left() / 1_000_000));
        return c;
      } catch (ConnectException e) {
        c.close();
        if (left() <= 20_000_000) throw timeout("could not connect to rank " + r + " (" + to + ")", e);
        sleep(20);
      } catch (IOException e) {
        c.close();
        throw timeout("could not connect to rank " + r + " (" + to + ")", e);
      }
    }
  }

  private SocketChannel accept(ServerSocketChannel listener, int r) throws IOException {
    listener.configureBlocking(false);
    try (Selector s = Selector.open()) {
      listener.register(s, SelectionKey.OP_ACCEPT);
      while (true) {
        SocketChannel c = listener.accept();
        if (c != null) {
          tune(c);
          return c;
        }
        if (left() <= 0) throw timeout("rank " + r + " (" + peers.get(r) + ") did not connect", null);
        s.select(Math.max(1, left() / 1_000_000));
      }
    }
  }

  private static void tune(SocketChannel c) throws IOException {
    c.setOption(StandardSocketOptions.TCP_NODELAY, true); // small messages (headers, all-gather) go at once
  }

  private void writeHello(SocketChannel c) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(12).putInt(MAGIC).putInt(rank).putInt(size).flip();
    while (b.hasRemaining()) c.write(b);
  }

  private void readHello(SocketChannel c, int expected, String which) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(12);
    c.configureBlocking(false);
    try (Selector s = Selector.open()) {
      c.register(s, SelectionKey.OP_READ);
      while (b.hasRemaining()) {
        if (c.read(b) < 0) {
          throw new IOException("rank " + rank + ": " + which + " rank " + expected + " (" + peers.get(expected)
              + ") closed during the handshake");
        }
        if (!b.hasRemaining()) break;
        if (left() <= 0) throw timeout(which + " rank " + expected + " (" + peers.get(expected) + ") sent no hello", null);
        s.select(Math.max(1, left() / 1_000_000));
      }
    }
    int magic = b.getInt(0), r = b.getInt(4), n = b.getInt(8);
    if (magic != MAGIC) {
      throw new IllegalStateException("rank " + rank + ": " + which + " rank " + expected + " (" + peers.get(expected)
          + ") is not a shinso ring peer");
    }
    if (r != expected || n != size) {
      throw new IllegalStateException("rank " + rank + " of " + size + ": " + which + " " + peers.get(expected)
          + " expected rank " + expected + " of " + size + " but it says it is rank " + r + " of " + n
          + "; every rank must get the same address list in rank order");
    }
  }

  private long left() {
    return deadline - System.nanoTime();
  }

  private IllegalStateException timeout(String what, Throwable cause) {
    return new IllegalStateException("connect: rank " + rank + " of " + size + ": " + what + " in time", cause);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("connect: interrupted", e);
    }
  }
}
