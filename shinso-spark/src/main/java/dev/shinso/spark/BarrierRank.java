package dev.shinso.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/** One barrier task, on an executor: bind a listener, swap addresses with the other ranks once, run the rank's task. */
final class BarrierRank {
  private BarrierRank() {}

  static <R extends Serializable> Iterator<RankResult<R>> run(RankTask<R> task) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId(), size = ctx.getTaskInfos().length;
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(host(ctx, rank), 0));
      // allGather costs about a second (Spark polls): once per stage, never per step.
      List<InetSocketAddress> peers = parse(ctx.allGather(format((InetSocketAddress) listener.getLocalAddress())));
      Thread watch = closeWhenKilled(ctx, listener, rank);
      try {
        R value = task.run(rank, size, listener, peers);
        return CollectionConverters.asScala(List.of(new RankResult<>(rank, value)).iterator());
      } finally {
        watch.interrupt();
      }
    } catch (Exception | Error e) {
      throw new RankFailedException(rank, size, e);
    }
  }

  /**
   * The address the other ranks reach this executor at: SPARK_LOCAL_IP where set (a cluster on
   * loopback), else the host Spark's scheduler knows this executor by.
   */
  static InetAddress host(BarrierTaskContext ctx, int rank) throws IOException {
    String local = System.getenv("SPARK_LOCAL_IP");
    if (local != null && !local.isBlank()) return InetAddress.getByName(local.strip());
    String address = ctx.getTaskInfos()[rank].address();  // "host:port" of the executor
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    return InetAddress.getByName(host.replace("[", "").replace("]", ""));
  }

  static String format(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + " " + a.getPort();
  }

  static List<InetSocketAddress> parse(String[] all) throws IOException {
    List<InetSocketAddress> peers = new ArrayList<>(all.length);
    for (String s : all) {
      int space = s.lastIndexOf(' ');
      peers.add(new InetSocketAddress(InetAddress.getByName(s.substring(0, space)), Integer.parseInt(s.substring(space + 1))));
    }
    return List.copyOf(peers);
  }

  /**
   * Spark kills the other tasks of a failed barrier stage by setting a flag, and does not always
   * interrupt them: a rank blocked in accept() waiting for a dead peer would never notice. Closing
   * its listener wakes it.
   */
  private static Thread closeWhenKilled(BarrierTaskContext ctx, ServerSocketChannel listener, int rank) {
    return Thread.ofPlatform().daemon().name("shinso-rank-" + rank + "-kill-watch").start(() -> {
      try {
        while (!ctx.isInterrupted()) Thread.sleep(100);
        listener.close();
      } catch (InterruptedException | IOException e) {
        // the task ended first: nothing to do
      }
    });
  }
}
