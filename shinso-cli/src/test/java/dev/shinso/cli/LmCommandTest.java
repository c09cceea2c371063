package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LmCommandTest {
  @TempDir static Path dir;
  static Cli.Run train;

  /** A few steps of a tiny model on the start of the bundled corpus: enough to exercise the command, not to learn. */
  @BeforeAll
  static void trainTinyModel() throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    try (InputStream in = LmCommandTest.class.getResourceAsStream("/dev/shinso/cli/lm/austen.txt")) {
      Files.writeString(corpus, new String(in.readNBytes(20_000), StandardCharsets.UTF_8));
    }
    train = Cli.run("lm", "train", "--corpus", corpus.toString(), "--layers", "1", "--heads", "2", "--dim", "16",
        "--context", "16", "--steps", "20", "--batch", "4", "--eval-every", "10", "--out", dir.resolve("out").toString());
  }

  @Test
  void trainPrintsBaselinesAndValidationLossAndWritesCheckpoints() {
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("18,000 train, 2,000 validation").contains("baselines (validation, nats/char): unigram=")
        .contains("step 10/20");
    assertThat(train.lastLine()).matches(
        "val_loss=\\d\\.\\d{4} unigram=\\d\\.\\d{4} bigram=\\d\\.\\d{4} train_s=\\d+\\.\\d steps_per_s=\\d+\\.\\d\\d");
    assertThat(dir.resolve("out/last.safetensors")).exists();
    assertThat(dir.resolve("out/best.safetensors")).exists();
    assertThat(dir.resolve("out/metrics.csv")).content().startsWith("step,train_loss,val_loss,lr,seconds\n10,");
  }

  @Test
  void sampleContinuesThePromptFromTheCheckpointAlone() {
    Cli.Run r = Cli.run("lm", "sample", "--checkpoint", dir.resolve("out/last.safetensors").toString(), "--prompt",
        "It is a truth", "--tokens", "40", "--temperature", "0.8", "--top-k", "10");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("It is a truth");
    assertThat(r.out().strip().length()).isGreaterThanOrEqualTo("It is a truth".length() + 20);
  }

  @Test
  void promptCharactersOutsideTheVocabularyAreNamedOrDropped() {
    String ckpt = dir.resolve("out/last.safetensors").toString();
    Cli.Run r = Cli.run("lm", "sample", "--checkpoint", ckpt, "--prompt", "Café €5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'é' (U+00E9)").contains("'€' (U+20AC)").contains("--drop-unknown");
    Cli.Run dropped = Cli.run("lm", "sample", "--checkpoint", ckpt, "--prompt", "Café", "--tokens", "5", "--drop-unknown");
    assertThat(dropped.exitCode()).as(dropped.err()).isZero();
    assertThat(dropped.err()).contains("dropped").contains("'é'");
    assertThat(dropped.out()).startsWith("Caf");
  }

  @Test
  void aCheckpointOfAnotherModelIsAClearError() throws IOException {
    Path other = dir.resolve("mlp.safetensors");
    new Checkpoint(Map.of("0.weight", Tensor.zeros(2, 2)), Map.of(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("model", "mlp"))
        .save(other);
    Cli.Run r = Cli.run("lm", "sample", "--checkpoint", other.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'mlp'").contains("not a language model");
  }

  @Test
  void emptyOrMissingCorpusIsAClearError() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.txt"));
    Cli.Run r = Cli.run("lm", "train", "--corpus", empty.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("empty.txt").contains("empty");
    Cli.Run missing = Cli.run("lm", "train", "--corpus", dir.resolve("nope.txt").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.txt").contains("no such file");
  }

  @Test
  void aModelTrainedOnEmojiAndCjkIsSampledFromItsCheckpoint() throws IOException {
    Path corpus = dir.resolve("unicode.txt");
    Files.writeString(corpus, "The cat \uD83D\uDC31 sat on the mat \u732B\u3002 Caf\u00E9 au lait \u2615, "
        .repeat(40), StandardCharsets.UTF_8);
    Path out = dir.resolve("unicode-out");
    Cli.Run r = Cli.run("lm", "train", "--corpus", corpus.toString(), "--layers", "1", "--heads", "2", "--dim", "8",
        "--context", "8", "--steps", "2", "--batch", "2", "--eval-every", "1", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("1,760 characters (1,584 train, 176 validation), vocabulary 22");
    String ckpt = out.resolve("last.safetensors").toString();
    Cli.Run sample = Cli.run("lm", "sample", "--checkpoint", ckpt, "--prompt", "\uD83D\uDC31\u732B", "--tokens", "12");
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    String text = sample.out().stripTrailing();
    assertThat(text).startsWith("\uD83D\uDC31\u732B");
    assertThat(text.codePoints()).allMatch(c -> Character.getType(c) != Character.SURROGATE);
    Cli.Run unknown = Cli.run("lm", "sample", "--checkpoint", ckpt, "--prompt", "cat \uD83E\uDD8A\u72AC");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("'\uD83E\uDD8A' (U+1F98A)", "'\u72AC' (U+72AC)").doesNotContain("D83E");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--top-k | -3", "--tokens | -1", "--temperature | -0.5", "--temperature | NaN", "--temperature | Infinity"})
  void sampleRefusesAnOutOfRangeNumberBeforeLoadingAnything(String option, String value) {
    Cli.Run r = Cli.run("lm", "sample", "--checkpoint", dir.resolve("missing.safetensors").toString(), option, value);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(option + " must be").contains("got " + value).doesNotContain("no such file");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--eval-chars | -5", "--eval-every | 0", "--steps | 0", "--batch | -2", "--layers | 0", "--heads | 0",
      "--dim | 0", "--context | -1", "--lr | 0", "--lr | NaN", "--warmup | -1", "--weight-decay | -0.1",
      "--threads | 0", "--dim | 30"})
  void trainRefusesAnOutOfRangeNumberBeforeReadingTheCorpus(String option, String value) {
    Path out = dir.resolve("refused" + Math.abs((option + value).hashCode()));
    Cli.Run r = Cli.run("lm", "train", "--corpus", dir.resolve("missing.txt").toString(), "--out", out.toString(),
        option, value);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(option + " must be").contains("got " + value).doesNotContain("no such file");
    assertThat(r.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void aDivergedCheckpointIsRefused() throws IOException {
    Checkpoint c = Checkpoint.load(dir.resolve("out/last.safetensors"));
    java.util.Map<String, Tensor> weights = new java.util.LinkedHashMap<>(c.model());
    String first = weights.keySet().iterator().next();
    weights.put(first, weights.get(first).mul(Float.NaN));
    Path diverged = dir.resolve("diverged.safetensors");
    new Checkpoint(weights, c.optimizer(), c.scheduler(), c.rngState(), c.epoch(), c.metadata()).save(diverged);
    Cli.Run r = Cli.run("lm", "sample", "--checkpoint", diverged.toString(), "--tokens", "5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'" + first + "' holds NaN or infinite values");
  }

  @Test
  void anEarlierRunIsKeptUnlessForcedAndADivergedRunExitsNonZero() throws IOException {
    Path out = dir.resolve("out");
    byte[] best = Files.readAllBytes(out.resolve("best.safetensors"));
    String[] tiny = {"lm", "train", "--corpus", dir.resolve("corpus.txt").toString(), "--layers", "1", "--heads", "2",
        "--dim", "8", "--context", "8", "--steps", "10", "--batch", "2", "--eval-every", "10", "--out", out.toString()};
    Cli.Run refused = Cli.run(tiny);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("holds an earlier run").contains("--force");
    assertThat(Files.readAllBytes(out.resolve("best.safetensors"))).isEqualTo(best);

    Path diverging = dir.resolve("diverging");
    String[] args = java.util.Arrays.copyOf(tiny, tiny.length + 2);
    args[tiny.length - 1] = diverging.toString();
    args[tiny.length] = "--lr";
    args[tiny.length + 1] = "1e30";
    Cli.Run r = Cli.run(args);
    assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains("training diverged");
    assertThat(diverging.resolve("best.safetensors")).doesNotExist();
  }
}
