package dev.shinso.spark;

import dev.shinso.cli.spark.SparkCommands;
import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.EpochRow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The CLI's Spark commands (found by ServiceLoader, see SparkCommands): options are checked by the CLI already. */
public final class SparkCli implements SparkCommands {
  @Override
  public List<EpochRow> train(String master, int workers, DataParallelSpec spec, int attempts, PrintWriter out)
      throws Exception {
    try (SparkSession spark = Sessions.open(master, "shinso train " + spec.model())) {
      return SparkTraining.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), workers, spec, attempts, out)
          .epochs();
    }
  }

  @Override
  public DataParallelLm.Report lmTrain(String master, int workers, DataParallelLmSpec spec, int attempts, PrintWriter out)
      throws Exception {
    try (SparkSession spark = Sessions.open(master, "shinso lm train")) {
      return SparkTraining.lm(JavaSparkContext.fromSparkContext(spark.sparkContext()), workers, spec, attempts, out);
    }
  }

  @Override
  public DataParallelDiffusion.Report diffusionTrain(String master, int workers, DataParallelDiffusionSpec spec,
      int attempts, PrintWriter out) throws Exception {
    try (SparkSession spark = Sessions.open(master, "shinso diffusion train")) {
      return SparkTraining.diffusion(JavaSparkContext.fromSparkContext(spark.sparkContext()), workers, spec, attempts, out);
    }
  }

  @Override
  public void predict(String master, Path checkpoint, String model, String input, Path output, int batchSize, PrintWriter out)
      throws Exception {
    long t0 = System.nanoTime();
    try (SparkSession spark = Sessions.open(master, "shinso predict")) {
      Dataset<Row> images = SparkImages.read(spark, input);
      if (images.isEmpty()) {
        throw new IllegalArgumentException("--input " + input + " holds no images (files named " + SparkImages.IMAGE_GLOB
            + ", or parquet rows)");
      }
      SparkPredict.predict(spark, images, checkpoint, model, batchSize).write().parquet(output.toString());
      long rows = spark.read().parquet(output.toString()).count();
      out.printf(Locale.ROOT, "predict: %d images classified on %s in %.1f s; predictions (path, label, probability) in %s%n",
          rows, master, (System.nanoTime() - t0) / 1e9, output);
    }
  }
}
