package dev.shinso.spark;

import dev.shinso.Shinso;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.DataParallelTraining;
import dev.shinso.distributed.ProcessGroup;
import dev.shinso.distributed.RankReport;
import dev.shinso.distributed.TcpRing;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Data-parallel training on Spark: one barrier stage of N tasks, each a replica ({@link
 * DataParallelTraining}) connected to the others by a TCP ring built from the addresses the stage
 * swapped once. Spark aborts a failed barrier stage that returns results rather than retrying it, so
 * the retry is here: a failed attempt (a rank's exception, a lost executor) starts the stage again, and
 * its replicas resume from the last checkpoint in the run's folder.
 */
public final class SparkTraining {
  private SparkTraining() {}

  /** Trains spec on workers replicas in up to attempts attempts; returns rank 0's report. */
  public static RankReport train(JavaSparkContext sc, int workers, DataParallelSpec spec, int attempts, PrintWriter log) {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    for (int attempt = 1; ; attempt++) {
      try {
        List<RankReport> reports = SparkRanks.run(sc, workers, replica(spec));
        RankReport first = reports.get(0);
        if (first.resumed() != null) log.println("attempt " + attempt + ": " + first.resumed());
        return first;
      } catch (RankFailedException e) {
        if (attempt >= attempts) throw e;
        log.printf(Locale.ROOT, "attempt %d of %d failed: %s%n  retrying; the replicas resume from the last checkpoint "
            + "in %s%n", attempt, attempts, e.getMessage(), spec.out());
        log.flush();
      }
    }
  }

  /** The task every rank runs; it captures only the (serializable) spec. */
  private static RankTask<RankReport> replica(DataParallelSpec spec) {
    return (rank, size, listener, peers) -> {
      Shinso.setNumThreads(spec.threads());
      try (ProcessGroup group = TcpRing.connect(rank, peers, listener, Duration.ofSeconds(spec.timeoutSeconds()))) {
        return DataParallelTraining.run(spec, group, System.err);
      }
    };
  }
}
