package dev.shinso.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.DataParallelTraining;
import dev.shinso.distributed.RankReport;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * shinso train's MLP on a real cluster on this machine (a master and two one-core workers, each its
 * own JVM): one epoch of the whole training set on two executors; then the same run with a worker
 * killed mid-epoch, which finishes from its last checkpoint with the very weights of the straight run;
 * then a tiny language model and a tiny diffusion model on the same executors.
 */
class SparkTrainingClusterTest {
  private static final int EVERY = 100;

  @TempDir Path dir;

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void theMlpTrainsAcrossTwoWorkersAndALostWorkerCostsOnlyTheStepsSinceTheCheckpoint() throws Exception {
    String data = RealData.fashionMnistDir().toString();
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1)) {
      try (SparkSession spark = cluster.session("shinso train cluster test", "1g")) { // closed: later tests start their own
        train(cluster, JavaSparkContext.fromSparkContext(spark.sparkContext()), data);
      }
    }
  }

  private void train(StandaloneCluster cluster, JavaSparkContext sc, String data) throws Exception {
    long t0 = System.nanoTime();
    RankReport straight = SparkTraining.train(sc, 2, spec(data, "straight"), 1, new PrintWriter(new StringWriter()));
    System.out.printf("cluster: one MLP epoch on 2 workers in %.1f s, test accuracy %.4f%n",
        (System.nanoTime() - t0) / 1e9, straight.epochs().get(0).testAccuracy());
    assertThat(straight.epochs().get(0).testAccuracy()).isGreaterThanOrEqualTo(0.80);

    // Kill worker 1 (and its executor) once the run is past its second checkpoint, then give the
    // cluster a new worker, as a cluster manager replaces a lost machine.
    Path killedOut = dir.resolve("killed");
    Thread killer = Thread.ofPlatform().start(() -> {
      try {
        while (progress(killedOut) < 2 * EVERY + 30) Thread.sleep(50);
        cluster.killWorker(1);
        cluster.addWorker(1);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    StringWriter log = new StringWriter();
    RankReport resumed = SparkTraining.train(sc, 2, spec(data, "killed"), 3, new PrintWriter(log, true));
    killer.join();
    System.out.print(log);
    assertThat(log.toString()).contains("attempt 1 of 3 failed").contains("rank ")
        .contains("resumed from").contains("step(s) lost");
    assertThat(resumed.resumed()).matches("(?s).*after epoch 0, step [2-9]00 of 938.*");
    assertThat(resumed.epochs().get(0).testAccuracy()).isEqualTo(straight.epochs().get(0).testAccuracy());
    assertThat(weights(killedOut)).containsExactly(weights(dir.resolve("straight")));

    // lm train and diffusion train on the same two executor JVMs, tiny (the cluster has two one-core
    // workers, so a stage of two ranks puts one on each).
    DataParallelLmSpec lmSpec = new DataParallelLmSpec(DataParallelLmSpec.CLASSPATH + "dev/shinso/cli/lm/austen.txt", 1,
        2, 32, 16, 20, 8, 6e-3, 5, 0.01, 10, 2000, 0, 1, dir.resolve("lm").toString(), 60, "run-lm");
    DataParallelLm.Report lm = SparkTraining.lm(sc, 2, lmSpec, 1, new PrintWriter(new StringWriter()));
    assertThat(lm.checks()).extracting(DataParallelLm.Check::step).containsExactly(10, 20);
    assertThat(lm.checks().getLast().valLoss()).isPositive().isFinite();
    DataParallelDiffusionSpec diffusionSpec = new DataParallelDiffusionSpec(data, 32, 1, 16, 2e-3, 8, new int[] {1, 2}, 4,
        true, 0.1, "linear", 100, 0.9, 0, 1, dir.resolve("diffusion").toString(), 1, 60, "run-diffusion");
    DataParallelDiffusion.Report diffusion = SparkTraining.diffusion(sc, 2, diffusionSpec, 1,
        new PrintWriter(new StringWriter()));
    assertThat(diffusion.epochs().get(0).images()).isEqualTo(32);
    assertThat(diffusion.epochs().get(0).loss()).isPositive().isFinite();
  }

  /** Steps the run in out has trained (rank 0's progress note), 0 before its first. */
  private static long progress(Path out) throws IOException {
    Path p = out.resolve("progress");
    if (!Files.exists(p)) return 0;
    String[] f = Files.readString(p).trim().split(" ");
    return f.length == 2 ? Long.parseLong(f[1]) : 0;
  }

  private DataParallelSpec spec(String data, String name) {
    return new DataParallelSpec("mlp", data, 1, 64, 0, 1, 1, dir.resolve(name).toAbsolutePath().toString(), EVERY, 60,
        "run-" + name, 0);
  }

  private static float[] weights(Path out) throws IOException {
    var m = Checkpoint.load(out.resolve(DataParallelTraining.LAST)).model();
    return Tensor.cat(m.values().stream().map(t -> t.reshape(-1)).toList(), 0).toFloatArray();
  }
}
