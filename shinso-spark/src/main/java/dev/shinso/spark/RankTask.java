package dev.shinso.spark;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * One rank's work in a barrier stage run by {@link SparkRanks#run}. It is serialized to the executors,
 * so it must not capture the driver's state that cannot travel (a SparkContext, open files).
 *
 * @param <R> what the rank returns to the driver
 */
@FunctionalInterface
public interface RankTask<R extends Serializable> extends Serializable {

  /**
   * @param rank 0 to size - 1, the same as the task's partition
   * @param listener bound to {@code peers.get(rank)}, not yet accepting; the task owns it (it is closed
   *     when the task ends, or is killed, if the task has not closed it)
   * @param peers every rank's listening address, in rank order, the same list on every rank
   */
  R run(int rank, int size, ServerSocketChannel listener, List<InetSocketAddress> peers) throws Exception;
}
