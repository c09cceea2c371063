package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.DataParallelTraining;
import dev.shinso.distributed.RankReport;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training in Spark's local mode: the replicas are barrier tasks of this JVM. The
 * arithmetic (one process against N, exact resume) is tested in shinso-core's DataParallelTrainingTest;
 * here, that Spark runs it, repeats it bit for bit, and retries a failed attempt.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkTrainingTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.open(3);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() throws IOException {
    spark.close();
  }

  @Test
  void twoAndThreeReplicasTrainAndRepeatBitForBit() throws IOException {
    String data = RealData.fashionMnistDir().toString();
    RankReport a = SparkTraining.train(sc, 2, spec(data, "a"), 1, quiet());
    RankReport b = SparkTraining.train(sc, 2, spec(data, "b"), 1, quiet());
    assertThat(a.epochs()).hasSize(1);
    assertThat(a.epochs().get(0).steps()).isEqualTo(20);
    assertThat(a.epochs().get(0).testAccuracy()).isEqualTo(b.epochs().get(0).testAccuracy());
    assertThat(weights("b")).containsExactly(weights("a"));
    RankReport three = SparkTraining.train(sc, 3, spec(data, "c"), 1, quiet());
    assertThat(three.epochs().get(0).testAccuracy()).isGreaterThan(0.5);
  }

  @Test
  void aFailingAttemptIsRetriedAndTheLastFailureNamesTheRank() {
    DataParallelSpec missing = new DataParallelSpec("mlp", dir.resolve("no-data").toString(), 1, 64, 0, 1, 1,
        dir.toString(), 8, 30, "run-missing", 1280);
    StringWriter log = new StringWriter();
    assertThatThrownBy(() -> SparkTraining.train(sc, 2, missing, 2, new PrintWriter(log, true)))
        .isInstanceOf(RankFailedException.class).hasMessageContaining("rank ").hasMessageContaining("no-data");
    assertThat(log.toString()).contains("attempt 1 of 2 failed").contains("retrying").doesNotContain("attempt 2 of 2");
  }

  private DataParallelSpec spec(String data, String name) {
    return new DataParallelSpec("mlp", data, 1, 64, 0, 1, 1, dir.resolve(name).toFile().getAbsolutePath(), 8, 30,
        "run-" + name, 1280);
  }

  private float[] weights(String name) throws IOException {
    var m = Checkpoint.load(dir.resolve(name).resolve(DataParallelTraining.LAST)).model();
    return Tensor.cat(m.values().stream().map(t -> t.reshape(-1)).toList(), 0).toFloatArray();
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new StringWriter(), true);
  }
}
