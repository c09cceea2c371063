package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EvalCommandTest {
  @Test
  void reproducesTheTestAccuracyTrainPrinted() {
    Path last = TrainedMlp.get().out().resolve("last.safetensors");
    Cli.Run r = Cli.run("eval", "--checkpoint", last.toString(), "--data", RealData.fashionMnistDir().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("model mlp, after epoch 1");
    assertThat(r.lastLine()).matches("test_loss=\\d\\.\\d{4} test_acc=0\\.\\d{4}")
        .endsWith("test_acc=" + TrainedMlp.get().testAcc());
  }

  @Test
  void aCheckpointOfAnotherModelNamesTheKeysThatDoNotFit() {
    Path last = TrainedMlp.get().out().resolve("last.safetensors");
    Cli.Run r = Cli.run("eval", "--checkpoint", last.toString(), "--model", "cnn");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(last.toString()).contains("cnn").contains("missing keys").contains("0.weight")
        .contains("unexpected keys").contains("5.weight");
  }

  @Test
  void aMissingCheckpointIsNamed() {
    Cli.Run r = Cli.run("eval", "--checkpoint", "no-such.safetensors");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no-such.safetensors: no such file");
  }

  @Test
  void aDirectoryGivenAsCheckpointOrImageIsNamedAsOne(@org.junit.jupiter.api.io.TempDir Path dir) {
    Cli.Run eval = Cli.run("eval", "--checkpoint", dir.toString());
    assertThat(eval.exitCode()).isEqualTo(2);
    assertThat(eval.err()).contains(dir + ": is a directory, not a file");
    Path last = TrainedMlp.get().out().resolve("last.safetensors");
    Cli.Run predict = Cli.run("predict", "--checkpoint", last.toString(), dir.toString());
    assertThat(predict.exitCode()).isEqualTo(2);
    assertThat(predict.err()).contains("cannot read image " + dir + ": is a directory");
  }

  @Test
  void nonFiniteWeightsAreRefusedByEvalAndPredict(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.util.Map<String, dev.shinso.tensor.Tensor> weights = dev.shinso.models.Models.mlp().stateDict();
    weights.get("3.bias").fill_(Float.POSITIVE_INFINITY);
    Path diverged = dir.resolve("diverged.safetensors");
    new dev.shinso.io.Checkpoint(weights, java.util.Map.of(), java.util.Map.of(), new long[] {1, 2, 3}, 1,
        java.util.Map.of("model", "mlp")).save(diverged);
    Path image = dir.resolve("x.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png", image.toFile());
    for (Cli.Run r : new Cli.Run[] {Cli.run("eval", "--checkpoint", diverged.toString()),
        Cli.run("predict", "--checkpoint", diverged.toString(), image.toString())}) {
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains(diverged.toString()).contains("'3.bias' holds NaN or infinite values");
      assertThat(r.out()).doesNotContain("NaN");
    }
  }
}
