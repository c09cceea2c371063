package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --device on the commands: the off-heap test device (core's test jar registers it) stands in for a GPU. */
class DeviceOptionTest {
  @TempDir Path dir;

  @Test
  void evalOnAnotherDeviceGivesTheCpusNumbers() {
    Path last = TrainedMlp.get().out().resolve("last.safetensors");
    Cli.Run r = Cli.run("eval", "--checkpoint", last.toString(), "--data", RealData.fashionMnistDir().toString(),
        "--device", "offheap");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.lastLine()).endsWith("test_acc=" + TrainedMlp.get().testAcc());
  }

  /** Asked for a GPU it cannot use, a command stops at once with the reason: no training, no output folder. */
  @Test
  void aDeviceThatCannotBeUsedIsAOneLineErrorBeforeAnyWork() {
    Path out = dir.resolve("never");
    Cli.Run r = Cli.run("train", "--model", "mlp", "--device", "cuda", "--out", out.toString(), "--data",
        dir.resolve("no-data").toString(), "--no-download");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).contains("cuda:0").doesNotContain("\n").doesNotContain("Exception");
    assertThat(out).doesNotExist();
    Cli.Run bad = Cli.run("lm", "sample", "--checkpoint", "x.safetensors", "--device", "tpu!");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("device: cannot parse 'tpu!'");
  }
}
