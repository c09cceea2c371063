package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * shinso diffusion train's loop on a tiny conditional U-Net over the first 48 Fashion-MNIST images
 * (3 global batches of 16 an epoch), its replicas threads of this JVM connected by the TCP ring.
 */
@Timeout(300)
class DataParallelDiffusionTest {
  @TempDir Path dir;

  @Test
  void twoReplicasRepeatBitForBitAndTrainAsOneProcess() throws Exception {
    List<DataParallelDiffusion.Report> two = train(2, spec("a", 2, 2));
    assertThat(two.get(1).epochs()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds", "imagesPerSecond")
        .isEqualTo(two.get(0).epochs()); // global figures, only the clocks differ
    assertThat(two.get(0).epochs()).extracting(DataParallelDiffusion.Epoch::steps).containsExactly(3, 3);
    assertThat(two.get(0).epochs()).extracting(DataParallelDiffusion.Epoch::images).containsExactly(48, 48);
    float[] a = weights("a", true), averaged = weights("a", false);
    train(2, spec("b", 2, 2));
    assertThat(weights("b", true)).containsExactly(a);
    assertThat(weights("b", false)).containsExactly(averaged);
    train(1, spec("c", 2, 2));
    double worst = 0;
    float[] one = weights("c", true);
    for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - one[i]));
    assertThat(worst).as("largest weight difference to one process").isLessThan(1e-4).isGreaterThan(0);
    assertThat(DdpmTrainer.load(dir.resolve("a").resolve(DataParallelDiffusion.LAST)).model().config().numClasses())
        .isEqualTo(10);
  }

  @Test
  void aRetriedRunResumesMidEpochExactlyAndSaysWhatItLost() throws Exception {
    train(2, spec("straight", 2, 2));
    DataParallelDiffusionSpec retried = spec("retried", 2, 2);
    // Steps of 3 an epoch in parts of 2: checkpoints after steps 2, 3 (epoch 1), 5; it fails after 6, before saving.
    var failed = LocalRanks.run(2, Duration.ofSeconds(30), g -> DataParallelDiffusion.run(retried, g, quiet(), 6));
    assertThat(failed).allSatisfy(o -> assertThat(o.error()).isNotNull());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<DataParallelDiffusion.Report> r = train(2, retried, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(r.get(0).resumed()).contains("after epoch 1, step 2 of 3").contains("1 step(s) lost");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("1 step(s) lost");
    assertThat(r.get(0).epochs()).extracting(DataParallelDiffusion.Epoch::epoch).containsExactly(1, 2);
    assertThat(weights("retried", true)).containsExactly(weights("straight", true));
    assertThat(weights("retried", false)).containsExactly(weights("straight", false));
  }

  private DataParallelDiffusionSpec spec(String name, int epochs, int every) throws IOException {
    Path out = Files.createDirectories(dir.resolve(name));
    return new DataParallelDiffusionSpec(RealData.fashionMnistDir().toString(), 48, epochs, 16, 2e-3, 8, new int[] {1, 2},
        4, true, 0.1, "linear", 100, 0.9, 5, 1, out.toString(), every, 30, "run-" + name);
  }

  private static List<DataParallelDiffusion.Report> train(int ranks, DataParallelDiffusionSpec spec) {
    return train(ranks, spec, quiet());
  }

  private static List<DataParallelDiffusion.Report> train(int ranks, DataParallelDiffusionSpec spec, PrintStream log) {
    return LocalRanks.values(LocalRanks.run(ranks, Duration.ofSeconds(30), g -> DataParallelDiffusion.run(spec, g, log)));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** The trained weights (trained) or their moving average, from the run's last checkpoint. */
  private float[] weights(String name, boolean trained) throws IOException {
    Checkpoint c = Checkpoint.load(dir.resolve(name).resolve(DataParallelDiffusion.LAST));
    Map<String, Tensor> m = trained ? c.optimizer() : c.model();
    return Tensor.cat(m.values().stream().filter(t -> t.dtype() == dev.shinso.tensor.DType.FLOAT32)
        .map(t -> t.reshape(-1)).toList(), 0).toFloatArray();
  }
}
