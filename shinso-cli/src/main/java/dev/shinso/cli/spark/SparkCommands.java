package dev.shinso.cli.spark;

import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.EpochRow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What the CLI runs on Apache Spark. shinso-spark implements it; the CLI finds it by ServiceLoader
 * only when a command line says {@code --spark}, so that Spark's jars (over 130) are on the class path
 * of those commands alone and every other command starts without them (the {@code ./shinso} launcher
 * adds them when it sees {@code --spark}).
 */
public interface SparkCommands {

  /**
   * {@code shinso predict --spark}: classifies every image of {@code input} (a folder of images or a
   * parquet file with path and content columns) and writes one row per image to the parquet
   * {@code output}; prints a summary to out.
   *
   * @param model null: the model the checkpoint names
   */
  void predict(String master, Path checkpoint, String model, String input, Path output, int batchSize, PrintWriter out)
      throws Exception;

  /**
   * {@code shinso train --spark}: trains spec on {@code workers} data-parallel replicas, one Spark
   * barrier task each, retrying a failed attempt up to {@code attempts} times in all (each retry
   * resumes from the last checkpoint, and a line on out says so); returns the epochs' figures.
   */
  List<EpochRow> train(String master, int workers, DataParallelSpec spec, int attempts, PrintWriter out) throws Exception;

  /**
   * {@code shinso lm train --spark}: trains spec on {@code workers} data-parallel replicas, one Spark
   * barrier task each, retrying a failed attempt up to {@code attempts} times in all (each retry
   * resumes from the last checkpoint, and a line on out says so); returns rank 0's report.
   */
  DataParallelLm.Report lmTrain(String master, int workers, DataParallelLmSpec spec, int attempts, PrintWriter out)
      throws Exception;

  /** {@code shinso diffusion train --spark}: as {@link #lmTrain}, for a diffusion U-Net. */
  DataParallelDiffusion.Report diffusionTrain(String master, int workers, DataParallelDiffusionSpec spec, int attempts,
      PrintWriter out) throws Exception;

  /** The implementation on the class path; an IllegalStateException that says how to get one when there is none. */
  static SparkCommands find() {
    return ServiceLoader.load(SparkCommands.class, SparkCommands.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("--spark needs shinso-spark and Spark's jars on the class path; the "
            + "./shinso launcher adds them when the command line has --spark (or build them: ./mvnw -pl shinso-spark -am "
            + "package, then put shinso-spark/target/shinso-spark.jar and shinso-spark/target/lib/* on the class path)"));
  }
}
