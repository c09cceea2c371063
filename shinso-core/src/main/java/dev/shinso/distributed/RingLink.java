package dev.shinso.distributed;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rank's two ring connections and the loop that moves floats over them. Each step of a
 * collective sends a range to the next rank while it receives a range from the previous one, on one
 * thread with non-blocking channels, so neither side can fill its socket buffers and wait on the
 * other (a deadlock with blocking writes once a chunk outgrows the buffers). Floats go through two
 * fixed direct buffers, added or copied straight from the receive buffer: no allocation that grows
 * with the data.
 *
 * <p>Every wait is bounded by the timeout. A neighbour that closes or dies shows as end-of-stream or
 * a reset; a silent one as a timeout. Either way this rank tells the others ({@link Notice}), they
 * agree on a culprit ({@link Blame}) and each throws a {@link PeerFailedException} naming it.
 */
final class RingLink {
  /** Sent before the first step of each collective and checked by the receiver: op, sequence number, length, root, a value. */
  static final int HEADER = 24;
  private static final int BUFFER = 1 << 20;

  enum Mode { ADD, COPY, FORWARD }

  private final int rank, size;
  private final List<InetSocketAddress> peers;
  private final long timeoutNanos;
  private final ServerSocketChannel listener;
  private final SocketChannel prev, next;
  private final Selector selector;
  private final SelectionKey prevKey, nextKey;
  private final ByteBuffer sendBuf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer recvBuf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
  private final FloatBuffer sendFloats = sendBuf.asFloatBuffer(), recvFloats = recvBuf.asFloatBuffer();
  private final MemorySegment recvSegment = MemorySegment.ofBuffer(recvBuf);
  private final ByteBuffer probe = ByteBuffer.allocateDirect(16);
  private final List<Notice> notices = new ArrayList<>();

  /** The value field of the last header received. */
  private long receivedValue;

  RingLink(int rank, List<InetSocketAddress> peers, long timeoutNanos, ServerSocketChannel listener,
      SocketChannel prev, SocketChannel next) throws IOException {
    this.rank = rank;
    this.size = peers.size();
    this.peers = peers;
    this.timeoutNanos = timeoutNanos;
    this.listener = listener;
    this.prev = prev;
    this.next = next;
    selector = Selector.open();
    prev.configureBlocking(false);
    next.configureBlocking(false);
    listener.configureBlocking(false);
    prevKey = prev.register(selector, 0);
    nextKey = next.register(selector, 0);
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  long receivedValue() {
    return receivedValue;
  }

  private int prevRank() {
    return (rank - 1 + size) % size;
  }

  private int nextRank() {
    return (rank + 1) % size;
  }

  /**
   * One step: sends data[sOff, sOff + sLen) to the next rank (preceded by header when withHeader)
   * and receives rLen floats from the previous one into data at rOff, added or copied. FORWARD
   * copies what arrives and sends it on as it arrives (a pipelined broadcast: sOff == rOff). send or
   * recv false means this rank has no part in that direction in this step.
   */
  void step(String op, Header header, boolean withHeader, float[] data, boolean send, int sOff, int sLen,
      boolean recv, int rOff, int rLen, Mode mode) {
    int produced = 0, received = 0;
    sendBuf.clear();
    if (send) {
      if (withHeader) header.write(sendBuf);
      produced = fill(data, sOff, 0, mode == Mode.FORWARD ? 0 : sLen);
    }
    sendBuf.flip();
    recvBuf.clear();
    boolean headerPending = recv && withHeader;
    long lastRead = System.nanoTime(), lastWrite = lastRead;
    while (true) {
      boolean wantWrite = send && (sendBuf.hasRemaining() || produced < sLen);
      boolean wantRead = recv && (headerPending || received < rLen);
      if (!wantWrite && !wantRead) return;
      boolean progress = false;
      if (wantWrite) {
        if (!sendBuf.hasRemaining()) {
          sendBuf.clear();
          produced = fill(data, sOff, produced, mode == Mode.FORWARD ? received : sLen);
          sendBuf.flip();
        }
        if (sendBuf.hasRemaining()) {
          int n;
          try {
            n = next.write(sendBuf);
          } catch (IOException e) {
            throw fail(op, new Notice(rank, Notice.Kind.CLOSED, nextRank(), 0), e);
          }
          if (n > 0) {
            progress = true;
            lastWrite = System.nanoTime();
          }
        }
      }
      if (wantRead) {
        int pending = recvBuf.position();
        long need = (headerPending ? HEADER : 0) + (long) Float.BYTES * (rLen - received) - pending;
        recvBuf.limit((int) Math.min(recvBuf.capacity(), pending + need));
        int n;
        try {
          n = prev.read(recvBuf);
        } catch (IOException e) {
          throw fail(op, new Notice(rank, Notice.Kind.CLOSED, prevRank(), 0), e);
        }
        if (n < 0) throw fail(op, new Notice(rank, Notice.Kind.CLOSED, prevRank(), 0), null);
        if (n > 0) {
          progress = true;
          lastRead = System.nanoTime();
          int pos = 0, avail = recvBuf.position();
          if (headerPending && avail >= HEADER) {
            header.check(op, recvBuf, prevRank(), address(prevRank()));
            receivedValue = recvBuf.getLong(16);
            pos = HEADER;
            headerPending = false;
          }
          if (!headerPending) {
            int floats = (avail - pos) / Float.BYTES;
            int at = rOff + received;
            if (mode == Mode.ADD) Accumulate.add(recvSegment, pos, data, at, floats);
            else recvFloats.get(pos / Float.BYTES, data, at, floats);
            received += floats;
            pos += floats * Float.BYTES;
          }
          recvBuf.limit(avail).position(pos);
          recvBuf.compact();
        }
      }
      if (!progress) {
        long now = System.nanoTime();
        boolean writeBlocked = wantWrite && sendBuf.hasRemaining();
        if (wantRead && now - lastRead >= timeoutNanos) {
          throw fail(op, new Notice(rank, Notice.Kind.SENT_NOTHING, prevRank(), now - lastRead), null);
        }
        if (writeBlocked && now - lastWrite >= timeoutNanos) {
          throw fail(op, new Notice(rank, Notice.Kind.TOOK_NOTHING, nextRank(), now - lastWrite), null);
        }
        long wait = Long.MAX_VALUE;
        if (wantRead) wait = Math.min(wait, lastRead + timeoutNanos - now);
        if (writeBlocked) wait = Math.min(wait, lastWrite + timeoutNanos - now);
        prevKey.interestOps(wantRead ? SelectionKey.OP_READ : 0);
        // While this rank still has to send, watch the next rank's connection for its end, too.
        nextKey.interestOps((writeBlocked ? SelectionKey.OP_WRITE : 0) | (wantWrite ? SelectionKey.OP_READ : 0));
        Notice heard = await(op, Math.max(1, wait / 1_000_000));
        if (heard != null) {
          Notice own = wantRead ? new Notice(rank, Notice.Kind.SENT_NOTHING, prevRank(), now - lastRead)
              : new Notice(rank, Notice.Kind.TOOK_NOTHING, nextRank(), now - lastWrite);
          throw fail(op, own, null);
        }
      }
    }
  }

  /** Puts data[off + from, off + limit) into sendBuf as far as it has room; returns the new count. */
  private int fill(float[] data, int off, int from, int limit) {
    int at = sendBuf.position() / Float.BYTES;
    int k = Math.min(sendBuf.capacity() / Float.BYTES - at, limit - from);
    if (k <= 0) return from;
    sendFloats.put(at, data, off + from, k);
    sendBuf.position((at + k) * Float.BYTES);
    return from + k;
  }

  /**
   * Waits up to ms for the ring's channels; returns a failure notice if one came from another rank.
   * The next rank's connection is only read to see it end: nothing is ever sent that way.
   */
  private Notice await(String op, long ms) {
    try {
      selector.select(ms);
      Notice heard = null;
      boolean nextEnded = false;
      for (SelectionKey key : selector.selectedKeys()) {
        if (!key.isValid()) continue;
        if (key == nextKey && key.isReadable()) {
          probe.clear();
          int n;
          try {
            n = next.read(probe);
          } catch (IOException e) {
            n = -1;
          }
          nextEnded |= n != 0;
        } else if (key.isAcceptable() || (key.isReadable() && key.attachment() instanceof ByteBuffer)) {
          Notice n = takeNotice(key);
          if (n != null) heard = n;
        }
      }
      selector.selectedKeys().clear();
      if (nextEnded) throw fail(op, new Notice(rank, Notice.Kind.CLOSED, nextRank(), 0), null);
      return heard;
    } catch (IOException e) {
      throw new IllegalStateException("rank " + rank + ": waiting on the ring failed", e);
    }
  }

  /** Accepts a notice connection or reads from one; returns the notice once all its bytes are in. */
  private Notice takeNotice(SelectionKey key) throws IOException {
    if (key.isAcceptable()) {
      SocketChannel c = listener.accept();
      if (c == null) return null;
      c.configureBlocking(false);
      c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(Notice.BYTES));
      return null;
    }
    SocketChannel c = (SocketChannel) key.channel();
    ByteBuffer b = (ByteBuffer) key.attachment();
    int n;
    try {
      n = c.read(b);
    } catch (IOException e) {
      n = -1;
    }
    if (b.hasRemaining() && n >= 0) return null;
    key.cancel();
    c.close();
    Notice notice = b.hasRemaining() ? null : Notice.read(b);
    if (notice != null) notices.add(notice);
    return notice;
  }

  /**
   * Gives up on a collective: tells every other rank, gathers what they report for a short while,
   * and returns the exception that names the culprit they all agree on.
   */
  PeerFailedException fail(String op, Notice own, Throwable cause) {
    notices.add(own);
    tellOthers(own);
    // Timeouts wait longer for the others' notices, since they time out at about the same time; once
    // some rank has seen a connection close, the culprit is known and a short wait gathers the rest.
    long start = System.nanoTime();
    long waitAll = Math.clamp(timeoutNanos / 2, 50_000_000L, 2_000_000_000L);
    long waitClosed = Math.min(250_000_000L, timeoutNanos / 2);
    prevKey.interestOps(0);
    nextKey.interestOps(0);
    try {
      while (true) {
        boolean closed = notices.stream().anyMatch(n -> n.kind() == Notice.Kind.CLOSED);
        long left = start + (closed ? waitClosed : waitAll) - System.nanoTime();
        if (left <= 0) break;
        await(op, Math.max(1, left / 1_000_000));
      }
    } catch (PeerFailedException ignored) {
      // a neighbour's end says nothing new now
    }
    Notice blamed = Blame.culprit(own, notices);
    return new PeerFailedException(blamed.subject(), describe(op, blamed), cause);
  }

  private String describe(String op, Notice n) {
    String who = n.subject() == rank ? "rank " + rank + " (this rank, " + address(rank) + ")"
        : "rank " + n.subject() + " (" + address(n.subject()) + ")";
    String what = switch (n.kind()) {
      case SENT_NOTHING -> " sent nothing for " + seconds(n.waitedNanos());
      case TOOK_NOTHING -> " read nothing it was sent for " + seconds(n.waitedNanos());
      case CLOSED -> " closed its connection or died";
    };
    String seen = n.reporter() == rank ? "" : " (seen by rank " + n.reporter() + ")";
    return op + ": " + who + what + seen;
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return (s >= 10 ? String.format("%.0f s", s) : String.format("%.2g s", s));
  }

  String address(int r) {
    InetSocketAddress a = peers.get(r);
    return a.getHostString() + ":" + a.getPort();
  }

  /** Best effort and bounded: a rank that is gone cannot be told. */
  private void tellOthers(Notice n) {
    List<Thread> senders = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      if (r == rank) continue;
      InetSocketAddress to = peers.get(r);
      senders.add(Thread.ofVirtual().start(() -> {
        try (SocketChannel c = SocketChannel.open()) {
          c.socket().connect(to, 1000);
          ByteBuffer b = ByteBuffer.allocate(Notice.BYTES);
          n.write(b);
          b.flip();
          while (b.hasRemaining()) c.write(b);
        } catch (IOException ignored) {
          // that rank is gone or going; its neighbours will tell
        }
      }));
    }
    for (Thread t : senders) {
      try {
        t.join(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void close() {
    for (AutoCloseable c : new AutoCloseable[] {selector, prev, next, listener}) {
      try {
        Objects.requireNonNull(c).close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
  }
}
