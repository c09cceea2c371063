package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;

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
 * shinso train's MLP on the first 1,280 Fashion-MNIST images (20 global batches of 64), its replicas
 * threads of this JVM connected by the TCP ring.
 */
@Timeout(300)
class DataParallelTrainingTest {
  private static final int LIMIT = 1280;

  @TempDir Path dir;

  @Test
  void twoReplicasRepeatBitForBitAndTrainAsOneProcess() throws Exception {
    List<RankReport> two = train(2, spec("a", 1, 8));
    assertThat(two.get(1).epochs()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
        .isEqualTo(two.get(0).epochs()); // the epoch's figures are global, only the clocks differ
    assertThat(two.get(0).epochs()).hasSize(1);
    assertThat(two.get(0).epochs().get(0).steps()).isEqualTo(20);
    float[] a = weights("a"), again, one;
    train(2, spec("b", 1, 8));
    again = weights("b");
    assertThat(again).containsExactly(a);
    train(1, spec("c", 1, 8));
    one = weights("c");
    double worst = 0;
    for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - one[i]));
    assertThat(worst).as("largest weight difference to one process").isLessThan(1e-4).isGreaterThan(0);
  }

  @Test
  void aRetriedRunResumesFromItsCheckpointExactlyAndSaysWhatItLost() throws Exception {
    train(2, spec("straight", 2, 8));
    train(2, spec("retried", 1, 8));
    // As if a second attempt had died 7 steps into epoch 2: the retry starts from the epoch-1 checkpoint.
    Files.writeString(dir.resolve("retried").resolve("progress"), "run-retried 27\n");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<RankReport> r = train(2, spec("retried", 2, 8), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(r.get(0).resumed()).contains("after epoch 1, step 0 of 20").contains("7 step(s) lost");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("7 step(s) lost");
    assertThat(r.get(0).epochs()).extracting(EpochRow::epoch).containsExactly(1, 2);
    assertThat(weights("retried")).containsExactly(weights("straight"));
  }

  @Test
  void anotherRunsCheckpointIsNotResumed() throws Exception {
    train(1, spec("x", 1, 8));
    DataParallelSpec other = new DataParallelSpec("mlp", RealData.fashionMnistDir().toString(), 1, 64, 0, 1, 1,
        dir.resolve("x").toString(), 8, 30, "another-run", LIMIT);
    assertThat(train(1, other).get(0).resumed()).isNull();
  }

  private DataParallelSpec spec(String name, int epochs, int every) throws IOException {
    Path out = Files.createDirectories(dir.resolve(name));
    return new DataParallelSpec("mlp", RealData.fashionMnistDir().toString(), epochs, 64, 0, 1, 1, out.toString(), every,
        30, "run-" + name.replace("straight", "s"), LIMIT);
  }

  private static List<RankReport> train(int ranks, DataParallelSpec spec) {
    return train(ranks, spec, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static List<RankReport> train(int ranks, DataParallelSpec spec, PrintStream log) {
    return LocalRanks.values(LocalRanks.run(ranks, Duration.ofSeconds(30), g -> DataParallelTraining.run(spec, g, log)));
  }

  private float[] weights(String name) throws IOException {
    Map<String, Tensor> m = Checkpoint.load(dir.resolve(name).resolve(DataParallelTraining.LAST)).model();
    return Tensor.cat(m.values().stream().map(t -> t.reshape(-1)).toList(), 0).toFloatArray();
  }
}
