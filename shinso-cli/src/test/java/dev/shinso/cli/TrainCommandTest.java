package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.RealData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainsEvaluatesAndCheckpointsTheMlp() {
    Path ckpt = dir.resolve("mlp.safetensors");
    Run r = run("train", "--model", "mlp", "--epochs", "1", "--data", RealData.fashionMnistDir().toString(),
        "--checkpoint", ckpt.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    String last = lines[lines.length - 1];
    assertThat(last).matches("test_acc=0\\.\\d{4} epoch_s=\\d+\\.\\d\\d");
    assertThat(Double.parseDouble(last.substring("test_acc=".length(), last.indexOf(' ')))).isGreaterThanOrEqualTo(0.80);
    assertThat(ckpt).exists();

    Run resumed = run("train", "--model", "mlp", "--epochs", "1", "--data", RealData.fashionMnistDir().toString(),
        "--resume", ckpt.toString());
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resumed from").contains("after epoch 1").contains("test_acc=");
  }

  @Test
  void anUnknownModelListsTheValidNames() {
    Run r = run("train", "--model", "transformer");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown model 'transformer'").contains("mlp, cnn, resnet");
  }

  @Test
  void aWrongDataDirectorySaysWhichFileIsMissingAndHowToGetIt() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Run r = run("train", "--model", "mlp", "--data", empty.toString(), "--no-download");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("train-images-idx3-ubyte").contains(empty.toString());
  }
}
