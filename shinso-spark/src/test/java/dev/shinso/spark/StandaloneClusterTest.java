package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.spark.RingTasks.RankView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real cluster on this machine: a master and two workers of one core each, every one its own JVM. */
class StandaloneClusterTest {

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void ranksRunOnTwoExecutorsAndPredictAcrossTheClusterAlsoAsTheCliDoes() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1)) {
      SparkSession spark = cluster.session("shinso-spark cluster test");
      PredictFixture.Data d;
      try {
        List<RankView> views = SparkRanks.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), 2, RingTasks::ring);
        assertThat(views).extracting(RankView::fromPrevious).containsExactly(1, 0);
        // one rank per worker: two executor JVMs, neither of them this (the driver's)
        long driver = ProcessHandle.current().pid();
        assertThat(views).extracting(RankView::pid).doesNotHaveDuplicates().doesNotContain(driver);
        assertThat(views.get(0).peers()).allMatch(a -> a.startsWith("/127.0.0.1:"));

        // a rank's exception on an executor reaches this driver, naming the rank (Spark retries a failed barrier stage first)
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> SparkRanks.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), 2, RingTasks::failOnRankOne))
            .isInstanceOfSatisfying(RankFailedException.class, e -> assertThat(e.rank()).isEqualTo(1))
            .hasMessageContaining("rank 1 of 2 failed").hasMessageContaining("deliberate failure in the test");
        System.out.printf("cluster: a failing rank reached the driver after %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // without Fashion-MNIST the test stops here, skipped, saying why (the ranks part has run)
        d = PredictFixture.get();
        var images = SparkImages.read(spark, d.images().toString()).repartition(4);
        Predictions.assertSameAsSingleProcess(SparkPredict.predict(spark, images, d.checkpoint(), null, 32).collectAsList(),
            d.expected());

        // a worker that dies mid-stage (its executor with it): an error on the driver, not a hang
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Thread killer = Thread.ofPlatform().start(() -> {
          try {
            Thread.sleep(5000);
          } catch (InterruptedException e) {
            return;
          }
          cluster.killWorker(1);
        });
        long t1 = System.nanoTime();
        Throwable lost = org.assertj.core.api.Assertions.catchThrowable(() -> SparkRanks.run(sc, 2, RingTasks::waitForever));
        killer.join();
        System.out.printf("cluster: worker killed; after %.1f s the driver got %s%n", (System.nanoTime() - t1) / 1e9, lost);
        // the rank on the killed worker is named, with Spark's reason
        assertThat(lost).isInstanceOf(RankFailedException.class).hasMessageContaining("ExecutorLostFailure");
        assertThat(cluster.workerAlive(1)).isFalse();
      } finally {
        spark.stop();
      }
      // what `shinso predict --spark spark://...` runs: Sessions.open sends shinso's jars (AppJars) itself
      Path out = Files.createTempDirectory("shinso-cluster-predict").resolve("out.parquet");
      StringWriter printed = new StringWriter();
      new SparkCli().predict(cluster.masterUrl(), d.checkpoint(), null, d.images().toString(), out, 64,
          new PrintWriter(printed));
      assertThat(printed.toString()).startsWith("predict: " + PredictFixture.IMAGES + " images classified on spark://");
      try (SparkSession local = LocalSpark.open(1)) {
        Predictions.assertSameAsSingleProcess(local.read().parquet(out.toString()).collectAsList(), d.expected());
      } finally {
        PredictFixture.delete(out.getParent());
      }
      assertThat(cluster.workerAlive(0)).isTrue();
    }
  }
}
