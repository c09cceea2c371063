package dev.shinso.spark;

import dev.shinso.cli.CheckpointModel;
import dev.shinso.tensor.Tensor;
import org.apache.spark.sql.SparkSession;

/** The Spark session the CLI's commands run in, set up for shinso's executors. */
public final class Sessions {
  private Sessions() {}

  /**
   * The JVM flags every JVM that runs shinso needs (the Vector API; the CUDA backend's native calls):
   * the driver gets them from its launcher, executors from this Spark setting.
   */
  public static final String EXECUTOR_JAVA_OPTIONS = "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

  /** A session on master (local[N] or spark://host:port); on a cluster the executors are sent shinso's jars. */
  public static SparkSession open(String master, String appName) {
    SparkSession.Builder b = SparkSession.builder().master(master).appName(appName)
        .config("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS)
        .config("spark.log.level", "WARN");  // Spark's INFO lines would bury the command's output
    if (!master.startsWith("local")) {
      b.config("spark.jars", String.join(",", AppJars.of(Sessions.class, CheckpointModel.class, Tensor.class)));
    }
    return b.getOrCreate();
  }
}
