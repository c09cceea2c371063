package dev.shinso.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.Function1;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs N ranks as one Spark barrier stage: Spark starts the N tasks together (or none), each binds a
 * listening socket, the ranks swap their addresses once with {@code BarrierTaskContext.allGather},
 * and each runs the {@link RankTask} with its rank, the listener and every rank's address (from which
 * a ring of TCP connections is built). The ranks' values come back to the driver in rank order.
 */
public final class SparkRanks {
  /** How long a cluster (not local mode) is given for enough executors to register before the slot check fails. */
  public static final Duration SLOT_WAIT = Duration.ofSeconds(60);

  private SparkRanks() {}

  /** {@link #run(JavaSparkContext, int, RankTask, Duration)} waiting {@link #SLOT_WAIT} for executors. */
  public static <R extends Serializable> List<R> run(JavaSparkContext sc, int workers, RankTask<R> task) {
    return run(sc, workers, task, SLOT_WAIT);
  }

  /**
   * @return each rank's value, index = rank
   * @throws IllegalStateException before the stage starts when the cluster has fewer than {@code workers}
   *     task slots (after waiting up to slotWait for executors on a cluster)
   * @throws RankFailedException when a rank's task threw or its executor was lost; it names the rank.
   *     Spark does not retry the stage (a barrier ResultStage): retrying is the caller's
   */
  public static <R extends Serializable> List<R> run(JavaSparkContext sc, int workers, RankTask<R> task, Duration slotWait) {
    if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    Slots.require(sc.sc(), workers, slotWait);
    JavaRDD<Integer> ranks = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
    @SuppressWarnings({"unchecked", "rawtypes"})
    ClassTag<RankResult<R>> tag = (ClassTag) ClassTag$.MODULE$.apply(RankResult.class);
    // A Scala function from Java: an intersection cast makes the lambda serializable, as Spark requires.
    Function1<Iterator<Integer>, Iterator<RankResult<R>>> perTask =
        (Function1<Iterator<Integer>, Iterator<RankResult<R>>> & Serializable) partition -> BarrierRank.run(task);
    RDD<RankResult<R>> stage = ranks.rdd().barrier().mapPartitions(perTask, false, tag);
    List<RankResult<R>> results;
    try {
      results = new ArrayList<>(new JavaRDD<>(stage, tag).collect());
    } catch (Exception e) {  // Spark's SparkException is checked in Java's eyes, though Scala throws it undeclared
      RankFailedException rank = rankFailure(e, workers);
      if (rank != null) throw rank.onDriver(e);
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException("the barrier stage of " + workers + " ranks failed: " + e.getMessage(), e);
    }
    results.sort(Comparator.comparingInt(RankResult::rank));
    if (results.size() != workers) {
      throw new IllegalStateException("the barrier stage of " + workers + " ranks returned " + results.size() + " results");
    }
    return results.stream().map(RankResult::value).toList();
  }

  private static final Pattern RANK = Pattern.compile("rank (\\d+) of (\\d+) failed: ");
  private static final Pattern LOST = Pattern.compile("barrier task ResultTask\\(\\d+, (\\d+)\\) finished unsuccessfully\\.");

  /**
   * The rank that failed, from the exception Spark threw: its cause when Spark could send the task's
   * exception back, else the message Spark copied from it; where no rank threw (its executor was
   * lost), the partition Spark names, which is the rank, with Spark's reason. Null when none is named.
   */
  static RankFailedException rankFailure(Throwable stageFailure, int size) {
    for (Throwable t = stageFailure; t != null; t = t.getCause()) {
      if (t instanceof RankFailedException r) return r;
    }
    String message = String.valueOf(stageFailure.getMessage());
    Matcher m = RANK.matcher(message);
    if (m.find()) {
      return RankFailedException.reported(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          firstLine(message.substring(m.end())));
    }
    Matcher lost = LOST.matcher(message);
    if (lost.find()) {
      return RankFailedException.reported(Integer.parseInt(lost.group(1)), size, firstLine(message.substring(lost.end()).strip()));
    }
    return null;
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }
}
