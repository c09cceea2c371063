package dev.shinso.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** N ranks as threads of this JVM on 127.0.0.1, each with an ephemeral port. */
final class LocalRanks {
  interface Body<T> {
    T run(ProcessGroup group) throws Exception;
  }

  /** What one rank returned or threw. */
  record Outcome<T>(T value, Throwable error) {}

  private LocalRanks() {}

  /** Connects n ranks and runs body on each in its own thread; closes each group afterwards. */
  static <T> List<Outcome<T>> run(int n, Duration timeout, Body<T> body) {
    return run(n, timeout, (rank, peers) -> peers, body);
  }

  /** As run, with the address list each rank is given changed by view (to test misconfigurations). */
  static <T> List<Outcome<T>> run(int n, Duration timeout,
      java.util.function.BiFunction<Integer, List<InetSocketAddress>, List<InetSocketAddress>> view, Body<T> body) {
    List<ServerSocketChannel> listeners = new ArrayList<>();
    List<InetSocketAddress> peers = new ArrayList<>();
    try {
      for (int r = 0; r < n; r++) {
        ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listeners.add(l);
        peers.add((InetSocketAddress) l.getLocalAddress());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      List<Future<T>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        futures.add(pool.submit(() -> {
          try (ProcessGroup g = TcpRing.connect(rank, view.apply(rank, List.copyOf(peers)), listeners.get(rank), timeout)) {
            return body.run(g);
          }
        }));
      }
      List<Outcome<T>> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(new Outcome<>(f.get(), null));
        } catch (ExecutionException e) {
          out.add(new Outcome<>(null, e.getCause()));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
  }

  /** The values, rethrowing the first rank's error if any failed. */
  static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> v = new ArrayList<>();
    for (int r = 0; r < outcomes.size(); r++) {
      Throwable e = outcomes.get(r).error();
      if (e != null) throw new AssertionError("rank " + r + " failed: " + e, e);
      v.add(outcomes.get(r).value());
    }
    return v;
  }
}
