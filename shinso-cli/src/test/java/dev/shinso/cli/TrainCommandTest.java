package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.io.Checkpoint;
import dev.shinso.lecture.plot.Charts;
import dev.shinso.testing.RealData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void trainsAndEvaluatesTheMlp() {
    Cli.Run r = TrainedMlp.get().run();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[lines.length - 2]).matches(
        "epoch 1/1 loss=\\d\\.\\d{4} train_acc=0\\.\\d{4} test_loss=\\d\\.\\d{4} test_acc=0\\.\\d{4} epoch_s=\\d+\\.\\d");
    assertThat(r.lastLine()).matches("test_acc=0\\.\\d{4} epoch_s=\\d+\\.\\d\\d");
    assertThat(Double.parseDouble(TrainedMlp.get().testAcc())).isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void writesMetricsCurvesAndTheBestAndLastCheckpoints() throws Exception {
    Path out = TrainedMlp.get().out();
    List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(csv).hasSize(2);
    assertThat(csv.get(0)).isEqualTo("epoch,train_loss,train_acc,test_loss,test_acc,epoch_s");
    String[] row = csv.get(1).split(",");
    assertThat(row[0]).isEqualTo("1");
    assertThat(String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(row[4]))).isEqualTo(TrainedMlp.get().testAcc());

    for (String png : List.of("loss.png", "accuracy.png")) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    }
    for (String f : List.of("best.safetensors", "last.safetensors")) {
      Checkpoint c = Checkpoint.load(out.resolve(f));
      assertThat(c.epoch()).as(f).isEqualTo(1);
      assertThat(c.metadata()).containsEntry("model", "mlp").containsEntry("test_acc", TrainedMlp.get().testAcc());
    }
    assertThat(out).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void resumesFromTheLastCheckpointAndKeepsTheHistory() throws Exception {
    Path out = TrainedMlp.get().out();
    Path copy = Files.createDirectory(dir.resolve("resumed"));
    Files.copy(out.resolve("metrics.csv"), copy.resolve("metrics.csv"));
    Cli.Run r = Cli.run("train", "--model", "mlp", "--epochs", "1", "--data", RealData.fashionMnistDir().toString(),
        "--resume", out.resolve("last.safetensors").toString(), "--out", copy.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("resumed from").contains("after epoch 1");
    // nothing left to train: the restored weights give the accuracy the first run ended with
    assertThat(r.lastLine()).isEqualTo("test_acc=" + TrainedMlp.get().testAcc() + " epoch_s=n/a");
    assertThat(Files.readAllLines(copy.resolve("metrics.csv"))).isEqualTo(Files.readAllLines(out.resolve("metrics.csv")));
  }

  @Test
  void anUnknownModelListsTheValidNames() {
    Cli.Run r = Cli.run("train", "--model", "transformer");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown model 'transformer'").contains("mlp, cnn, resnet");
  }

  @Test
  void aWrongDataDirectorySaysWhichFileIsMissingAndHowToGetIt() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Cli.Run r = Cli.run("train", "--model", "mlp", "--data", empty.toString(), "--no-download", "--out", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("train-images-idx3-ubyte").contains(empty.toString());
  }

  @Test
  void aFreshRunRefusesAFolderThatHoldsARun() throws Exception {
    Path out = TrainedMlp.get().out();
    byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
    Cli.Run r = Cli.run("train", "--data", dir.resolve("no-data").toString(), "--no-download", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("already holds a run (last.safetensors after epoch 1)").contains("--resume")
        .contains("--force").doesNotContain("no-data");
    assertThat(Files.readAllBytes(out.resolve("metrics.csv"))).isEqualTo(before);
  }

  @Test
  void aSecondRunOnTheSameFolderFailsAtOnceNamingTheFirst() throws Exception {
    Path out = dir.resolve("busy");
    try (var held = OutputFolder.open(out)) {
      Cli.Run r = Cli.run("train", "--data", dir.resolve("no-data").toString(), "--no-download", "--out", out.toString());
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("in use by another run (process " + ProcessHandle.current().pid() + ")");
    }
  }

  @Test
  void anUnwritableFolderFailsBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Cli.Run r = Cli.run("train", "--data", dir.resolve("no-data").toString(), "--no-download", "--out",
        file.resolve("sub").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("output folder " + file.resolve("sub") + " cannot be written").doesNotContain("no-data");
  }

  @Test
  void resumingAnOlderCheckpointIntoAFolderThatTrainedFurtherIsRefusedUnlessForced() throws Exception {
    Path trained = TrainedMlp.get().out().resolve("last.safetensors");
    Path later = Files.createDirectory(dir.resolve("later"));
    Checkpoint c = Checkpoint.load(trained);
    for (String f : List.of("last.safetensors", "best.safetensors")) {
      new Checkpoint(c.model(), c.optimizer(), c.scheduler(), c.rngState(), 2, c.metadata()).save(later.resolve(f));
    }
    String[] args = {"train", "--epochs", "1", "--data", RealData.fashionMnistDir().toString(), "--resume",
        trained.toString(), "--out", later.toString()};
    Cli.Run refused = Cli.run(args);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("is after epoch 1 but").contains("is after epoch 2").contains("--force");
    assertThat(Checkpoint.load(later.resolve("last.safetensors")).epoch()).isEqualTo(2);
    String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
    forced[args.length] = "--force";
    Cli.Run r = Cli.run(forced);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(later.resolve("best.safetensors")).as("it held an epoch this run has not reached").doesNotExist();
  }

  @Test
  void aResumeTakesTheModelFromTheCheckpointAndRecoversTheHistoryRowItRecorded() throws Exception {
    Path copy = Files.createDirectory(dir.resolve("no-history"));
    Cli.Run r = Cli.run("train", "--epochs", "2", "--data", RealData.fashionMnistDir().toString(), "--resume",
        TrainedMlp.get().out().resolve("last.safetensors").toString(), "--out", copy.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("model: mlp").contains("epoch 2/2");
    List<String> csv = Files.readAllLines(copy.resolve("metrics.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).isEqualTo(Files.readAllLines(TrainedMlp.get().out().resolve("metrics.csv")).get(1));
  }
}
