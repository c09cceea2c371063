package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.testing.RealData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shinso diffusion train, sample and evaluate at toy size: a tiny U-Net, 64 images, T = 20. */
class DiffusionCommandTest {
  @TempDir static Path dir;
  private static Cli.Run train;

  @BeforeAll
  static void trainTinyModel() {
    train = Cli.run("diffusion", "train", "--data", RealData.fashionMnistDir().toString(), "--limit", "64",
        "--batch", "32", "--base-channels", "8", "--groups", "4", "--timesteps", "20", "--preview", "4", "--out",
        dir.resolve("ddpm").toString());
  }

  @Test
  void trainWritesMetricsCheckpointAndPreview() {
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("data: 64 training images").contains("ddpm-unet").contains("10 classes");
    assertThat(train.lastLine()).matches("loss=\\d\\.\\d{4} img_s=[\\d.]+ train_s=[\\d.]+ images=64");
    for (String f : new String[] {"metrics.csv", "loss.png", "last.safetensors", "preview.png"}) {
      assertThat(dir.resolve("ddpm").resolve(f)).exists();
    }
  }

  @Test
  void resumeContinuesTheRunAndItsHistory() throws Exception {
    Path run = dir.resolve("resumed");
    String[] common = {"--data", RealData.fashionMnistDir().toString(), "--limit", "64", "--batch", "32",
        "--base-channels", "8", "--groups", "4", "--timesteps", "20", "--preview", "0", "--out", run.toString()};
    Cli.Run first = Cli.run(concat(new String[] {"diffusion", "train", "--epochs", "1"}, common));
    assertThat(first.exitCode()).as(first.err()).isZero();
    String[] resume = {"--resume", run.resolve("last.safetensors").toString()};
    Cli.Run second = Cli.run(concat(new String[] {"diffusion", "train", "--epochs", "2"}, concat(common, resume)));
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("resumed from").contains("after epoch 1").contains("epoch 2/2")
        .doesNotContain("epoch 1/2");
    assertThat(second.lastLine()).endsWith("images=128");
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3).element(2).asString().startsWith("2,");
    Cli.Run done = Cli.run(concat(new String[] {"diffusion", "train", "--epochs", "2"}, concat(common, resume)));
    assertThat(done.exitCode()).isNotZero();
    assertThat(done.err()).contains("already trained 2 epochs");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void sampleWritesTheGridAndTheDenoisingStrip() throws Exception {
    Path grid = dir.resolve("grid.png"), steps = dir.resolve("steps");
    Cli.Run r = Cli.run("diffusion", "sample", "--checkpoint", dir.resolve("ddpm/last.safetensors").toString(),
        "--n", "4", "--steps", "5", "--out", grid.toString(), "--steps-out", steps.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    BufferedImage g = ImageIO.read(grid.toFile());
    assertThat(g.getWidth()).isEqualTo(2 + 4 * 58);  // 4 images of 28×2 px plus 2 px gaps, one row
    assertThat(g.getHeight()).isEqualTo(2 + 58);
    BufferedImage strip = ImageIO.read(steps.resolve("trajectory.png").toFile());
    assertThat(strip.getWidth()).isEqualTo(2 + 6 * 58);  // x_T and the 5 steps
    assertThat(strip.getHeight()).isEqualTo(2 + 4 * 58);
    try (var files = Files.list(steps)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("frame-")).count()).isEqualTo(6);
    }
  }

  @Test
  void evaluateReportsTheClassifiersVerdict() throws Exception {
    Path mlp = dir.resolve("mlp.safetensors");
    new Checkpoint(Models.mlp().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("model", "mlp")).save(mlp);
    Cli.Run r = Cli.run("diffusion", "evaluate", "--checkpoint", dir.resolve("ddpm/last.safetensors").toString(),
        "--classifier", mlp.toString(), "--n", "10", "--steps", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.lastLine()).matches("uncond_mean_max_softmax=0\\.\\d{4} uncond_classes=\\d+ "
        + "cond_mean_max_softmax=0\\.\\d{4} cond_agreement=0\\.\\d{4} eval_s=[\\d.]+");
  }

  @Test
  void aCheckpointOfAnotherModelGetsAClearMessage() throws Exception {
    Path cnn = dir.resolve("cnn.safetensors");
    new Checkpoint(Models.cnn().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("model", "cnn")).save(cnn);
    Cli.Run r = Cli.run("diffusion", "sample", "--checkpoint", cnn.toString(), "--out", dir.resolve("x.png").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(cnn.toString()).contains("'cnn' model").contains("not a diffusion U-Net")
        .contains("shinso diffusion train");
  }

  /** Each bad value fails at once with its name: the data and checkpoints here do not exist, so no work was started. */
  @Test
  void badArgumentsFailBeforeAnyWork() {
    String missing = dir.resolve("missing.safetensors").toString();
    String[][] sample = {{"--cols", "0", "--cols must be positive"}, {"--guidance", "NaN", "guidance must be a finite"},
        {"--eta", "NaN", "eta must be in [0, 1]"}, {"--eta", "2", "eta must be in [0, 1], got 2.0"}};
    for (String[] c : sample) {
      Cli.Run r = Cli.run("diffusion", "sample", "--checkpoint", missing, c[0], c[1]);
      assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(2);
      assertThat(r.err()).contains(c[2]).doesNotContain("missing.safetensors");
    }
    Cli.Run evaluate = Cli.run("diffusion", "evaluate", "--checkpoint", missing, "--classifier", missing, "--guidance",
        "-1");
    assertThat(evaluate.err()).contains("guidance must be a finite number ≥ 0, got -1.0");
    String[][] train = {{"--max-minutes", "0", "--max-minutes must be positive"},
        {"--p-uncond", "2", "pUncond must be in [0, 1], got 2.0"}, {"--ema", "NaN", "emaDecay must be in [0, 1]"},
        {"--lr", "-1", "lr must be a positive number"}};
    for (String[] c : train) {
      Cli.Run r = Cli.run("diffusion", "train", "--data", dir.resolve("no-data").toString(), "--no-download", c[0], c[1]);
      assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(2);
      assertThat(r.err()).contains(c[2]).doesNotContain("no-data");
    }
  }

  @Test
  void aFreshRunKeepsAnEarlierRunUnlessForced() throws Exception {
    Path out = dir.resolve("ddpm");
    byte[] last = Files.readAllBytes(out.resolve("last.safetensors"));
    Cli.Run r = Cli.run("diffusion", "train", "--data", RealData.fashionMnistDir().toString(), "--limit", "32",
        "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("holds an earlier run").contains("--force");
    assertThat(Files.readAllBytes(out.resolve("last.safetensors"))).isEqualTo(last);
  }
}
