package dev.shinso.spark;

import dev.shinso.Shinso;
import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.DataParallelTraining;
import dev.shinso.distributed.ProcessGroup;
import dev.shinso.distributed.RankReport;
import dev.shinso.distributed.TcpRing;
import java.io.PrintWriter;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Data-parallel training on Spark: one barrier stage of N tasks, each a replica ({@link
 * DataParallelTraining}, {@link DataParallelLm}, {@link DataParallelDiffusion}) connected to the others
 * by a TCP ring built from the addresses the stage swapped once. Spark aborts a failed barrier stage
 * that returns results rather than retrying it, so the retry is here: a failed attempt (a rank's
 * exception, a lost executor) starts the stage again, and its replicas resume from the last checkpoint
 * in the run's folder.
 */
public final class SparkTraining {
  private SparkTraining() {}

  /**
   * One replica's run over its connected group: what every barrier task runs. It is serialized to the
   * executors, so it must capture nothing but a (serializable) spec.
   */
  @FunctionalInterface
  public interface Replica<R extends Serializable> extends Serializable {
    R run(ProcessGroup group) throws Exception;
  }

  /** How a run's replicas are set up on each executor: intra-op threads and the collectives' timeout. */
  public record Setup(int threads, int timeoutSeconds, String out) implements Serializable {}

  /** Trains the classifier spec on workers replicas in up to attempts attempts; returns rank 0's report. */
  public static RankReport train(JavaSparkContext sc, int workers, DataParallelSpec spec, int attempts, PrintWriter log) {
    return run(sc, workers, attempts, new Setup(spec.threads(), spec.timeoutSeconds(), spec.out()),
        g -> DataParallelTraining.run(spec, g, System.err), RankReport::resumed, log);
  }

  /** Trains the language model spec on workers replicas in up to attempts attempts; returns rank 0's report. */
  public static DataParallelLm.Report lm(JavaSparkContext sc, int workers, DataParallelLmSpec spec, int attempts,
      PrintWriter log) {
    return run(sc, workers, attempts, new Setup(spec.threads(), spec.timeoutSeconds(), spec.out()),
        g -> DataParallelLm.run(spec, g, System.err), DataParallelLm.Report::resumed, log);
  }

  /** Trains the diffusion spec on workers replicas in up to attempts attempts; returns rank 0's report. */
  public static DataParallelDiffusion.Report diffusion(JavaSparkContext sc, int workers, DataParallelDiffusionSpec spec,
      int attempts, PrintWriter log) {
    return run(sc, workers, attempts, new Setup(spec.threads(), spec.timeoutSeconds(), spec.out()),
        g -> DataParallelDiffusion.run(spec, g, System.err), DataParallelDiffusion.Report::resumed, log);
  }

  /**
   * Runs replica on workers ranks in up to attempts attempts, a failed one (a {@link
   * RankFailedException}) followed by the next, and returns rank 0's value; resumed tells from a value
   * where the run resumed (null: it started afresh), which the log gets as "attempt k: …".
   */
  public static <R extends Serializable> R run(JavaSparkContext sc, int workers, int attempts, Setup setup,
      Replica<R> replica, Function<R, String> resumed, PrintWriter log) {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    for (int attempt = 1; ; attempt++) {
      try {
        List<R> values = SparkRanks.run(sc, workers, task(setup, replica));
        R first = values.get(0);
        String from = resumed.apply(first);
        if (from != null) log.println("attempt " + attempt + ": " + from);
        return first;
      } catch (RankFailedException e) {
        if (attempt >= attempts) throw e;
        log.printf(Locale.ROOT, "attempt %d of %d failed: %s%n  retrying; the replicas resume from the last checkpoint "
            + "in %s%n", attempt, attempts, e.getMessage(), setup.out());
        log.flush();
      }
    }
  }

  /** The task every rank runs; it captures only the setup and the (serializable) replica. */
  private static <R extends Serializable> RankTask<R> task(Setup setup, Replica<R> replica) {
    return (rank, size, listener, peers) -> {
      Shinso.setNumThreads(setup.threads());
      try (ProcessGroup group = TcpRing.connect(rank, peers, listener, Duration.ofSeconds(setup.timeoutSeconds()))) {
        return replica.run(group);
      }
    };
  }
}
