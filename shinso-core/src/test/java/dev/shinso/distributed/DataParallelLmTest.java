package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
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
 * shinso lm train's loop on a tiny transformer over the first 60,000 characters of Pride and
 * Prejudice (a class-path resource, as the CLI's bundled corpus is), its replicas threads of this JVM
 * connected by the TCP ring.
 */
@Timeout(300)
class DataParallelLmTest {
  private static final String CORPUS = DataParallelLmSpec.CLASSPATH + "text/austen-60k.txt";

  @TempDir Path dir;

  @Test
  void twoReplicasRepeatBitForBitLearnAndTrainAsOneProcess() throws Exception {
    List<DataParallelLm.Report> two = train(2, spec("a", 8));
    assertThat(two.get(1).checks()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("seconds")
        .isEqualTo(two.get(0).checks()); // the checks' figures are global, only the clocks differ
    List<DataParallelLm.Check> checks = two.get(0).checks();
    assertThat(checks).extracting(DataParallelLm.Check::step).containsExactly(50, 100);
    assertThat(checks.get(1).valLoss()).as("validation loss after 100 steps").isLessThan(checks.get(0).valLoss());
    assertThat(checks.get(1).trainLoss()).isLessThan(checks.get(0).trainLoss());
    assertThat(Files.readAllLines(dir.resolve("a").resolve(DataParallelLm.METRICS))).hasSize(3)
        .first().isEqualTo("step,train_loss,val_loss,lr,seconds");
    assertThat(dir.resolve("a").resolve(DataParallelLm.BEST)).exists();

    float[] a = weights("a");
    train(2, spec("b", 8));
    assertThat(weights("b")).containsExactly(a);
    // One process draws the same windows; only the order of float additions differs. AdamW's normalised
    // steps let a near-zero gradient's rounding move a weight by up to lr a step, so compare on average.
    DataParallelLm.Check oneProcess = train(1, spec("c", 8)).get(0).checks().getLast();
    float[] one = weights("c");
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - one[i]);
    assertThat(sum / a.length).as("mean weight difference to one process").isLessThan(1e-3).isGreaterThan(0);
    assertThat(oneProcess.valLoss()).isCloseTo(checks.getLast().valLoss(), org.assertj.core.data.Offset.offset(1e-2));
  }

  @Test
  void aRetriedRunResumesExactlyAndSaysWhatItLost() throws Exception {
    train(2, spec("straight", 8));
    DataParallelLmSpec retried = spec("retried", 8);
    List<LocalRanks.Outcome<DataParallelLm.Report>> failed = LocalRanks.run(2, Duration.ofSeconds(30),
        g -> DataParallelLm.run(retried, g, quiet(), 57));
    assertThat(failed).allSatisfy(o -> assertThat(o.error()).isNotNull());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<DataParallelLm.Report> r = train(2, retried, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(r.get(0).resumed()).contains("after step 50 of 100").contains("7 step(s) lost");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("7 step(s) lost");
    assertThat(r.get(0).checks()).extracting(DataParallelLm.Check::step).containsExactly(50, 100);
    assertThat(weights("retried")).containsExactly(weights("straight"));
    assertThat(Files.readAllLines(dir.resolve("retried").resolve(DataParallelLm.METRICS))).hasSize(3);
  }

  @Test
  void aBatchThatDoesNotSplitEvenlyIsRefused() throws Exception {
    assertThatThrownBy(() -> train(2, spec("odd", 7))).hasRootCauseMessage("LmTrainer.shard: the batch of 7 windows does "
        + "not split evenly among 2 replicas; choose a multiple of 2");
  }

  @Test
  void theCheckpointIsAnLmTrainCheckpoint() throws Exception {
    train(1, spec("one", 8));
    Checkpoint c = Checkpoint.load(dir.resolve("one").resolve(DataParallelLm.LAST));
    assertThat(c.epoch()).isEqualTo(100);
    assertThat(c.metadata()).containsKeys("val_loss", "unigram", "bigram", "run");
    var lm = dev.shinso.text.LanguageModel.load(dir.resolve("one").resolve(DataParallelLm.LAST));
    assertThat(lm.model().config().context()).isEqualTo(16);
  }

  private DataParallelLmSpec spec(String name, int batch) throws IOException {
    Path out = Files.createDirectories(dir.resolve(name));
    return new DataParallelLmSpec(CORPUS, 1, 2, 32, 16, 100, batch, 6e-3, 10, 0.01, 50, 0, 3, 1, out.toString(), 30,
        "run-" + name);
  }

  private static List<DataParallelLm.Report> train(int ranks, DataParallelLmSpec spec) {
    return train(ranks, spec, quiet());
  }

  private static List<DataParallelLm.Report> train(int ranks, DataParallelLmSpec spec, PrintStream log) {
    return LocalRanks.values(LocalRanks.run(ranks, Duration.ofSeconds(30), g -> DataParallelLm.run(spec, g, log)));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private float[] weights(String name) throws IOException {
    Map<String, Tensor> m = Checkpoint.load(dir.resolve(name).resolve(DataParallelLm.LAST)).model();
    return Tensor.cat(m.values().stream().map(t -> t.reshape(-1)).toList(), 0).toFloatArray();
  }
}
