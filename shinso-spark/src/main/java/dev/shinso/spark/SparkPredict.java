package dev.shinso.spark;

import dev.shinso.cli.CheckpointModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference on Spark: a Fashion-MNIST classifier's checkpoint applied to a data set of images,
 * prepared as {@code shinso predict} prepares one image. The checkpoint's bytes are broadcast, and each
 * executor decodes them once; each partition is classified in batches.
 */
public final class SparkPredict {
  private SparkPredict() {}

  /** The predictions' columns: the image's path, the most likely class's name and its probability. */
  public static final StructType SCHEMA = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false)
      .add("probability", DataTypes.DoubleType, false);

  /**
   * @param images at least the columns path (string) and content (binary), as Spark's binaryFile
   *     source gives them (see {@link SparkImages#read})
   * @param model mlp, cnn or resnet; null: the model the checkpoint names
   * @return one row per image ({@link #SCHEMA}), computed lazily when the Dataset is used
   */
  public static Dataset<Row> predict(SparkSession spark, Dataset<Row> images, Path checkpoint, String model, int batchSize)
      throws IOException {
    CheckpointModel.load(checkpoint, model);  // a wrong or damaged file fails here, named, before any task starts
    return broadcastAndMap(spark, images, Files.readAllBytes(checkpoint), model, batchSize);
  }

  /** The same with the checkpoint's bytes (a .safetensors file written by shinso train). */
  public static Dataset<Row> predict(SparkSession spark, Dataset<Row> images, byte[] checkpoint, String model, int batchSize) {
    ExecutorModels.decode(checkpoint, model);  // fails here, on the driver, rather than in every task
    return broadcastAndMap(spark, images, checkpoint, model, batchSize);
  }

  private static Dataset<Row> broadcastAndMap(SparkSession spark, Dataset<Row> images, byte[] checkpoint, String model,
      int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    requireColumn(images, "path", DataTypes.StringType);
    requireColumn(images, "content", BinaryType$.MODULE$);
    Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(checkpoint);
    return images.select("path", "content")
        .mapPartitions(new ClassifyPartition(shared, model, batchSize), Encoders.row(SCHEMA));
  }

  private static void requireColumn(Dataset<Row> images, String name, DataType type) {
    StructType schema = images.schema();
    boolean found = Arrays.stream(schema.fields()).anyMatch(f -> f.name().equals(name) && f.dataType().equals(type));
    if (!found) {
      throw new IllegalArgumentException("the images need a column " + name + " of type " + type.simpleString()
          + " (as Spark's binaryFile source gives); they have " + schema.simpleString());
    }
  }
}
