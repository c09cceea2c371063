package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.io.Checkpoint;
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
 * lm train and diffusion train as Spark barrier stages in local mode (local[2]), with tiny models; the
 * arithmetic (N replicas against one process, exact resume) is tested in shinso-core's
 * DataParallelLmTest and DataParallelDiffusionTest.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkLmAndDiffusionTrainingTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.open(2);
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() throws IOException {
    spark.close();
  }

  @Test
  void aLanguageModelTrainsOnTwoReplicasFromTheBundledCorpus() throws IOException {
    Path out = dir.resolve("lm");
    DataParallelLmSpec spec = new DataParallelLmSpec(DataParallelLmSpec.CLASSPATH + "dev/shinso/cli/lm/austen.txt", 1, 2,
        32, 16, 20, 8, 6e-3, 5, 0.01, 10, 2000, 0, 1, out.toString(), 60, "run-lm");
    DataParallelLm.Report r = SparkTraining.lm(sc, 2, spec, 1, quiet());
    assertThat(r.rank()).isZero();
    assertThat(r.checks()).extracting(DataParallelLm.Check::step).containsExactly(10, 20);
    assertThat(r.checks().getLast().valLoss()).isPositive().isFinite();
    assertThat(out.resolve(DataParallelLm.LAST)).exists();
    assertThat(out.resolve(DataParallelLm.METRICS)).exists();
    assertThat(Checkpoint.load(out.resolve(DataParallelLm.LAST)).epoch()).isEqualTo(20);
  }

  @Test
  void aDiffusionModelTrainsOnTwoReplicas() throws IOException {
    Path out = dir.resolve("diffusion");
    DataParallelDiffusionSpec spec = new DataParallelDiffusionSpec(RealData.fashionMnistDir().toString(), 32, 1, 16, 2e-3,
        8, new int[] {1, 2}, 4, true, 0.1, "linear", 100, 0.9, 0, 1, out.toString(), 1, 60, "run-diffusion");
    DataParallelDiffusion.Report r = SparkTraining.diffusion(sc, 2, spec, 1, quiet());
    assertThat(r.epochs()).hasSize(1);
    assertThat(r.epochs().get(0).images()).isEqualTo(32);
    assertThat(r.epochs().get(0).steps()).isEqualTo(2);
    assertThat(r.epochs().get(0).loss()).isPositive().isFinite();
    assertThat(Checkpoint.load(out.resolve(DataParallelDiffusion.LAST)).epoch()).isEqualTo(1);
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new StringWriter(), true);
  }
}
