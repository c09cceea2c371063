package dev.shinso.spark;

import java.time.Duration;
import org.apache.spark.SparkContext;

/**
 * The check that a barrier stage can start. Spark's own (in its DAGScheduler) retries for minutes and
 * then fails with "Barrier execution mode does not allow run a barrier stage that requires more
 * slots than the total number of slots in the cluster"; this one answers at once, in words.
 */
final class Slots {
  private Slots() {}

  /**
   * Throws IllegalStateException unless the cluster can run {@code tasks} tasks at the same time. On a
   * cluster, executors register some seconds after the context starts: it waits up to {@code wait} for
   * enough of them. Local mode's slots are known at once.
   */
  static void require(SparkContext sc, int tasks, Duration wait) {
    long deadline = System.nanoTime() + (sc.isLocal() ? 0 : wait.toNanos());
    int slots = available(sc);
    while (slots < tasks && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = available(sc);
    }
    if (slots < tasks) {
      String where = sc.isLocal()
          ? "local mode " + sc.master() + " has " + slots + " (use local[" + tasks + "] or more)"
          : "the cluster at " + sc.master() + " has " + slots + " after waiting " + wait.toSeconds() + " s for executors "
              + "(give the workers more cores, raise spark.cores.max, or start more workers)";
      throw new IllegalStateException("a barrier stage of " + tasks + " ranks needs " + tasks + " task slots at once (one "
          + "core each at spark.task.cpus=" + sc.getConf().get("spark.task.cpus", "1") + "), and " + where);
    }
  }

  /** What Spark's own barrier check counts: tasks the registered executors can run at once. */
  static int available(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
